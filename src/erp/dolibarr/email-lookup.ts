import type { z } from 'zod';
import type { DolibarrCore } from './core';
import { RefusedValueError } from './firewall';

/** E-mail look-ups that Dolibarr's firewall or its `{email}` check would refuse: searched another way, else "no match". */

/** The e-mail endpoints validate `{email}` as PHP's FILTER_VALIDATE_EMAIL does (400 "Expecting email" otherwise). */
export async function oneByEmailPath<T>(core: DolibarrCore, path: string, email: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T[]> {
  if (!isPlainEmail(email))
    throw new RefusedValueError('e-mail endpoint: not an address Dolibarr accepts as {email}', { method: 'GET', path: endpointOf(path) });
  const one = await core.find({ method: 'GET', path, schema });
  return one ? [one] : [];
}

/** Tries each way in turn while Dolibarr would refuse the value; refused by all → nothing matches. */
export async function firstWayAllowed<T>(core: DolibarrCore, ways: Array<() => Promise<T[]>>): Promise<T[]> {
  let last: RefusedValueError | undefined;
  for (const way of ways) {
    try {
      return await way();
    } catch (err) {
      if (!(err instanceof RefusedValueError)) throw err;
      last = err;
    }
  }
  if (last) core.refused(last);
  return [];
}

// ASCII dot-atom local part and a dotted host name: what FILTER_VALIDATE_EMAIL accepts, narrowed.
const PLAIN_EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

function isPlainEmail(email: string): boolean {
  return email.length <= 254 && PLAIN_EMAIL.test(email);
}

function endpointOf(path: string): string {
  return path.replace(/\/email\/.*$/, '/email/{email}');
}
