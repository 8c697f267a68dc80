import nock from 'nock';
import { listDictionaries, znunyTicketUrl } from '../../../plugins/znuny/dictionaries';
import { BASE, deps, settings } from './helpers';
import { loadRecording } from './recorded';
import { guardNetwork } from '../../support/nock-guard';

type Body = Record<string, unknown> & { Ticket?: Array<Record<string, unknown>> };
const body = (name: string) => loadRecording<{ response: { body: Body } }>(name).response.body;

const api = new URL(BASE);
const at = (p: string) => `${api.pathname}${p}`;

guardNetwork();

describe('Znuny listDictionaries', () => {
  // Tickets 2, 3 and 4 as recorded (Support, Unclassified, 3 normal, new) and ticket 2 after its updates (Billing, 4 high, closed successful).
  const several = body('03_ticketget_several_ids_comma_in_path');
  const updated = body('05_ticketget_after_updates_closed').Ticket![0];
  const tickets = { Ticket: [{ ...updated, TicketID: 5 }, ...several.Ticket!] };

  it('gives the distinct queues, types, priorities and states of the tickets changed in the last 30 days', async () => {
    let searched: Record<string, unknown> = {};
    nock(api.origin).post(at('/Session')).reply(200, { SessionID: 'S' });
    nock(api.origin)
      .post(at('/TicketSearch'), (b: Record<string, unknown>) => ((searched = b), true))
      .reply(200, { TicketID: ['5', '2', '3', '4'] });
    nock(api.origin).get(at('/Ticket/5,2,3,4')).query(true).reply(200, tickets);
    const result = await listDictionaries(deps(settings()));
    expect(result).toEqual({
      queues: ['Billing', 'Support'],
      types: ['Unclassified'],
      priorities: ['3 normal', '4 high'],
      states: ['closed successful', 'new'],
    });
    expect(searched).toMatchObject({ TicketLastChangeTimeNewerDate: '2029-12-16 10:00:00', Limit: 500 });
  });

  it('leaves out the tickets of excluded queues', async () => {
    nock(api.origin).post(at('/Session')).reply(200, { SessionID: 'S' });
    nock(api.origin)
      .post(at('/TicketSearch'))
      .reply(200, { TicketID: ['5', '2', '3', '4'] });
    nock(api.origin).get(at('/Ticket/5,2,3,4')).query(true).reply(200, tickets);
    const result = await listDictionaries(deps(settings({ excludedQueues: ['Billing'] })));
    expect(result.queues).toEqual(['Support']);
    expect(result.priorities).toEqual(['3 normal']);
  });

  it('gives empty lists when no ticket changed in the window (Znuny answers {})', async () => {
    nock(api.origin).post(at('/Session')).reply(200, { SessionID: 'S' });
    nock(api.origin).post(at('/TicketSearch')).reply(200, {});
    expect(await listDictionaries(deps(settings()))).toEqual({ queues: [], types: [], priorities: [], states: [] });
  });

  it('links a ticket to its page in the agent interface', () => {
    expect(znunyTicketUrl(BASE, '42')).toBe('http://znuny.test/znuny/index.pl?Action=AgentTicketZoom;TicketID=42');
  });
});
