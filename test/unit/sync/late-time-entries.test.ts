import nock from 'nock';
import type { TicketSnapshot } from '../../../src/plugin-sdk';
import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { interventionsStep } from '../../../src/sync/mirror/interventions-step';
import { fetchTicket as fetchZnunyTicket } from '../../../plugins/znuny/fetch-ticket';
import { makeEngine } from '../../support/fakes/engine';
import { guardNetwork } from '../../support/nock-guard';
import { BASE, deps as znunyDeps, settings as znunySettings } from '../../plugins/znuny/helpers';
import { loadRecording } from '../../plugins/znuny/recorded';
import { page, recordedBody, RECORDED_RT, rtTestAdapter } from '../../plugins/rt/recordings';

/**
 * "Late" time, from the helpdesk's own timestamps as the Znuny and RT plugins read them from recorded answers, through
 * the mirror: time booked before the close but first seen after it is no late entry; time booked after it is one.
 */

type Items = { items: Array<Record<string, unknown>> };
type ZnunyGet = { Ticket: Array<Record<string, unknown> & { Article: Array<Record<string, unknown>> }> };
type ZnunyHistory = { TicketHistory: Array<{ History: Array<Record<string, unknown>> }> };

guardNetwork();
afterEach(() => nock.cleanAll());

/** Mirrors the three moments of one ticket and returns the late-entry notes each run queued. */
async function lateNotesOver(moments: TicketSnapshot[]): Promise<number[]> {
  const e = makeEngine();
  e.deps.steps = [interventionsStep];
  const email = moments[0]!.ticket.customer.email!;
  e.erp.addThirdParty({ id: 5, name: 'ACME', email: 'contact@acme.example' });
  e.erp.addContact({ id: 50, socid: 5, email });
  const counts: number[] = [];
  for (const snapshot of moments) {
    // The fake helpdesk answers as the plugin did (under the engine's helpdesk id).
    e.helpdesk.put({ ...snapshot, ticket: { ...snapshot.ticket, helpdeskId: 'znuny' } });
    expect(await mirrorTicket({ helpdeskId: 'znuny', ticketId: snapshot.ticket.id }, e.deps)).toBe('mirrored');
    const late = e.outbox.ofType('time_entry.rejected').filter((u) => u.data.reason === 'late-entry');
    for (const u of late) expect(u.note).toMatch(/booked after the ticket was closed/);
    counts.push(late.length);
  }
  return counts;
}

describe("late time entries by the helpdesk's own close and booking times", () => {
  it('Znuny: booked before the close and seen after it → no late note; booked after the close → one', async () => {
    const api = new URL(BASE);
    const at = (p: string) => `${api.pathname}${p}`;
    const closedGet = loadRecording<{ response: { body: ZnunyGet } }>('05_ticketget_after_updates_closed').response.body;
    const history = loadRecording<{ response: { body: ZnunyHistory } }>('06_tickethistoryget_updated_ticket').response.body;
    const entries = history.TicketHistory[0]!.History;
    // The history as it stood at the close (the recording goes on with a reopen).
    const closedHistory = entries.slice(0, entries.map((h) => h.HistoryType).lastIndexOf('StateUpdate'));

    const fetch = async (ticket: ZnunyGet, hist?: ZnunyHistory['TicketHistory'][0]['History']): Promise<TicketSnapshot> => {
      nock(api.origin).post(at('/Session')).reply(200, { SessionID: 'S' });
      nock(api.origin).get(at('/Ticket/2')).query(true).reply(200, ticket);
      if (hist)
        nock(api.origin)
          .get(at('/TicketHistory/2'))
          .query(true)
          .reply(200, { TicketHistory: [{ TicketID: '2', History: hist }] });
      const result = await fetchZnunyTicket(znunyDeps(znunySettings()), '2');
      if (result.kind !== 'found') throw new Error(result.kind);
      return result.snapshot;
    };

    // First seen open with the opening 15 minutes; then, after the close, with the 30 and 45.5 booked before it.
    const open = structuredClone(closedGet);
    Object.assign(open.Ticket[0]!, { State: 'open', StateType: 'open', Article: open.Ticket[0]!.Article.slice(0, 1) });
    const seenAfterClose = await fetch(closedGet, closedHistory);
    expect(seenAfterClose.ticket.closedAt).toEqual(new Date('2026-11-23T08:41:45Z'));
    // Then an agent books 10 minutes on the closed ticket, at 08:50.
    const late = structuredClone(closedGet);
    const lastArticle = late.Ticket[0]!.Article.at(-1)!;
    late.Ticket[0]!.Article.push({
      ...lastArticle,
      ArticleID: 21,
      CreateTime: '2026-11-23 08:50:00',
      TimeUnit: 10,
      Subject: 'Came back for the cable',
    });
    const lateHistory = [
      ...closedHistory,
      { ...closedHistory.find((h) => h.HistoryType === 'TimeAccounting')!, ArticleID: 21, CreateTime: '2026-11-23 08:50:00', Name: '%%10%%100.5' },
    ];

    expect(await lateNotesOver([await fetch(open), seenAfterClose, await fetch(late, lateHistory)])).toEqual([0, 0, 1]);
  });

  it('RT: booked before the close and seen after it → no late note; booked after the close → one', async () => {
    const parts = [
      ...recordedBody<Items>('transaction_attachments_create_expanded').items,
      ...recordedBody<Items>('transaction_attachments_correspond_expanded').items.map((p) => ({ ...p, TransactionId: '40' })),
    ];
    const fetch = async (ticket: Record<string, unknown>, txns: Array<Record<string, unknown>>): Promise<TicketSnapshot> => {
      nock(RECORDED_RT).get('/REST/2.0/ticket/1').query(true).reply(200, ticket);
      nock(RECORDED_RT).get('/REST/2.0/ticket/1/history').query(true).reply(200, page(txns));
      nock(RECORDED_RT)
        .get('/REST/2.0/ticket/1/history')
        .query((q) => q.page === '2')
        .reply(200, page([]));
      nock(RECORDED_RT)
        .get('/REST/2.0/ticket/1/attachments')
        .query((q) => q.page === '1')
        .reply(200, page(parts));
      nock(RECORDED_RT)
        .get('/REST/2.0/ticket/1/attachments')
        .query((q) => q.page === '2')
        .reply(200, page([]));
      const result = await rtTestAdapter().fetchTicket!('1');
      if (result.kind !== 'found') throw new Error(result.kind);
      return result.snapshot;
    };
    // Ticket 1 recorded after a resolve (Resolved 08:15:20) and a reopen; its recorded history, all before 08:14:30.
    const recorded = recordedBody<Record<string, unknown>>('ticket_get_priority_after_string');
    const txns = recordedBody<Items>('ticket_history_expanded').items;
    const resolved = { ...recorded, Status: 'resolved' };
    // First seen open with the Create's 15 minutes; then resolved, with the rest booked before the resolve.
    const open = await fetch(
      recorded,
      txns.filter((t) => Number(t.id) <= 39),
    );
    const seenAfterClose = await fetch(resolved, txns);
    expect(seenAfterClose.ticket.closedAt).toEqual(new Date('2026-11-23T08:15:20Z'));
    // Then an agent adds 10 minutes to TimeWorked on the resolved ticket, at 08:20.
    const worked = {
      ...txns.find((t) => t.id === '48')!,
      id: '60',
      Type: 'Set',
      Field: 'TimeWorked',
      OldValue: '47',
      NewValue: '57',
      TimeTaken: '10',
      Created: '2026-11-23T08:20:00Z',
    };
    const late = await fetch(resolved, [...txns, worked]);

    expect(await lateNotesOver([open, seenAfterClose, late])).toEqual([0, 0, 1]);
  });
});
