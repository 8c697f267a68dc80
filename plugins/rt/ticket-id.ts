import { InputError } from '../../src/plugin-sdk';

/** RT ticket ids are positive integers; anything else would address another route. */
export function ticketPath(ticketId: string): string {
  if (!/^[1-9]\d{0,17}$/.test(ticketId)) {
    throw new InputError('invalid RT ticket id', [`ticketId: ${JSON.stringify(ticketId).slice(0, 40)} is not a positive integer`]);
  }
  return `/ticket/${ticketId}`;
}
