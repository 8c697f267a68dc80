import { InputError, retryDecision } from '../../../src/plugin-sdk';
import { errorForLog } from '../../../src/jobs/error-log';
import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { deliverUpdates } from '../../../src/sync/reflect/deliver-update';
import { makeEngine } from '../../support/fakes/engine';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };

describe('a fetched ticket over the limits the bridge can write to Dolibarr', () => {
  it('is refused for good, before any write, naming the field; the helpdesk is told once', async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: 'N'.repeat(65) })));

    const first = await mirrorTicket(key, e.deps).catch((err: unknown) => err);
    expect(first).toBeInstanceOf(InputError);
    expect((first as InputError).issues).toEqual(['ticket.number: String must contain at most 64 character(s)']);
    expect((first as InputError).message).toMatch(
      /^helpdesk ticket znuny #17 refused: .*ticket\.number: String must contain at most 64 character\(s\)$/,
    );
    expect(retryDecision(first).retry).toBe(false);
    // The job's failure log names the fields one by one.
    expect(errorForLog(first)).toMatchObject({ name: 'InputError', issues: ['ticket.number: String must contain at most 64 character(s)'] });
    expect(e.erp.tickets).toEqual([]);
    expect(e.erp.writes).toEqual([]);
    const refused = e.outbox.ofType('ticket.refused');
    expect(refused).toEqual([
      expect.objectContaining({ ticketId: '17', data: { fields: ['ticket.number: String must contain at most 64 character(s)'] } }),
    ]);
    expect(refused[0]!.note).toBe(
      'TicketBridge cannot mirror this ticket to Dolibarr: ticket.number: String must contain at most 64 character(s). It is mirrored at its next change once these fields fit.',
    );

    // Told once; the next change of the same ticket is refused again, and the helpdesk not told twice.
    expect(await deliverUpdates(key, [refused[0]!.eventId], e.deps)).toEqual(['delivered']);
    await expect(mirrorTicket(key, e.deps)).rejects.toBeInstanceOf(InputError);
    expect(e.outbox.ofType('ticket.refused')).toHaveLength(1);
    expect(e.scheduler.deliveries).toHaveLength(1);
    expect(e.helpdesk.delivered.map((u) => u.type)).toEqual(['ticket.refused']);

    // Fixed in the helpdesk: mirrored.
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '2026111' })));
    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');
    expect(e.erp.tickets).toHaveLength(1);
  });

  it('is mirrored with its long text cut and marked, nothing refused', async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', title: 'T'.repeat(400) }), [article('a1', 'B'.repeat(1_000_100))]));

    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');

    const [ticket] = e.erp.tickets;
    expect(ticket!.subject).toBe(`${'T'.repeat(254)}…`);
    expect(e.erp.messages.filter((m) => m.note?.includes('[… 100 characters cut by TicketBridge; the full text is in the helpdesk]'))).toHaveLength(
      1,
    );
    expect(e.outbox.ofType('ticket.refused')).toEqual([]);
  });
});
