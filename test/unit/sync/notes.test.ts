import { emitUpdate } from '../../../src/sync/shared/emit-update';
import { makeEngine } from '../../support/fakes/engine';

const key = { helpdeskId: 'znuny', ticketId: '7' };

describe('helpdesk notes', () => {
  it('keeps the note of an event an agent must act on, and drops it for the others (the event itself is still queued)', async () => {
    const { deps, outbox } = makeEngine();
    await emitUpdate(deps, key, { eventId: 'e1', type: 'customer.unresolved', data: {}, note: 'Customer unknown in Dolibarr' });
    await emitUpdate(deps, key, {
      eventId: 'e2',
      type: 'duration.updated',
      data: { seconds: 1800 },
      note: 'Time spent: 30 min',
      fields: { duration: '30 min' },
    });
    expect(outbox.ofType('customer.unresolved')[0].note).toBe('Customer unknown in Dolibarr');
    const duration = outbox.ofType('duration.updated')[0];
    expect(duration.note).toBeUndefined();
    expect(duration.fields).toEqual({ duration: '30 min' });
  });

  it('follows sync.notes per event type', async () => {
    const { deps, outbox } = makeEngine({ sync: { notes: { 'duration.updated': true, 'erp.status_changed': false } } });
    await emitUpdate(deps, key, { eventId: 'e1', type: 'duration.updated', data: {}, note: 'Time spent: 30 min' });
    await emitUpdate(deps, key, { eventId: 'e2', type: 'erp.status_changed', data: {}, note: 'Status in Dolibarr: closed' });
    expect(outbox.ofType('duration.updated')[0].note).toBe('Time spent: 30 min');
    expect(outbox.ofType('erp.status_changed')[0].note).toBeUndefined();
  });

  it('never repeats the note just before it on the same ticket', async () => {
    const { deps, outbox } = makeEngine();
    await emitUpdate(deps, key, { eventId: 'e1', type: 'contract.none', data: {}, note: 'No support contract: billable' });
    await emitUpdate(deps, key, { eventId: 'e2', type: 'contract.none', data: {}, note: 'No support contract: billable' });
    await emitUpdate(
      deps,
      { helpdeskId: 'znuny', ticketId: '8' },
      { eventId: 'e3', type: 'contract.none', data: {}, note: 'No support contract: billable' },
    );
    await emitUpdate(deps, key, { eventId: 'e4', type: 'erp.message_added', data: {}, note: 'Message from Dolibarr' });
    await emitUpdate(deps, key, { eventId: 'e5', type: 'contract.none', data: {}, note: 'No support contract: billable' });
    expect(outbox.ofType('contract.none').map((u) => [u.ticketId, u.eventId, u.note ?? null])).toEqual([
      ['7', 'e1', 'No support contract: billable'],
      ['7', 'e2', null],
      ['8', 'e3', 'No support contract: billable'],
      ['7', 'e5', 'No support contract: billable'],
    ]);
  });
});
