import type { NewAgendaEvent } from './api';
import type { DolibarrCore } from './core';
import { createdId, unixSeconds } from './schema-primitives';

export function createAgendaEvent(core: DolibarrCore, input: NewAgendaEvent): Promise<number> {
  return core.get({
    method: 'POST',
    path: '/agendaevents',
    body: {
      userownerid: input.userOwnerId,
      type_code: input.typeCode,
      label: input.label,
      note: input.note,
      datep: unixSeconds(input.datep),
      socid: input.socid,
      ...(input.ticketId !== undefined ? { elementtype: 'ticket', fk_element: input.ticketId } : {}),
      caller: core.caller,
    },
    schema: createdId,
  });
}
