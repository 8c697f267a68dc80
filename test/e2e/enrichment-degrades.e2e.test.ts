import { trackIdFor } from '../../src/sync/shared/ticket-identity';
import type { DoubleState } from '../doubles/dolibarr/state';
import { eventually } from './support/service-process';
import { startWebhookScenario, ticketEvent, type Scenario } from './support/webhook-scenario';

/**
 * Only the creation of the ERP ticket may fail a mirror: each enrichment step that Dolibarr refuses (400, 403, 500)
 * leaves the ticket mirrored without it, tells the helpdesk why, and is tried again on the ticket's next change.
 */
jest.setTimeout(240_000);

let s: Scenario;
let seq = 0;

beforeAll(async () => {
  // No caching of customer answers: every case must reach Dolibarr (and its fault).
  s = await startWebhookScenario('enrichment', { env: { TB__rules__customer__cacheTtlSeconds: '0' } });
});
afterAll(async () => {
  await s?.close();
});

const state = async () => (await s.control('/state')) as DoubleState;
const erpTicket = (id: string) =>
  eventually(
    async () => (await state()).tickets.find((t) => t.track_id === trackIdFor({ helpdeskId: 'webhook', ticketId: id })),
    `the ERP ticket of ${id}`,
    90_000,
  );
const told = (id: string, type: string) =>
  eventually(async () => s.receiver.events.find((e) => e.body.ticketId === id && e.body.type === type), `${type} for ${id}`, 90_000);
const reasonOf = (event: { body: Record<string, unknown> }) => String((event.body.data as { reason?: unknown } | undefined)?.reason);
/** No job waiting or running: a fault injected now meets the case's own call, not a late job of an earlier case. */
const idle = () =>
  eventually(
    async () => {
      const counts = (await (await s.admin('GET', '/api/queues')).json()) as Record<string, Record<string, number>>;
      return Object.values(counts).every((c) => !c.active && !c.waiting && !c.delayed && !c.prioritized && !c['waiting-children']);
    },
    'the queues to be idle',
    60_000,
  );
const fault = async (kind: string, method: string, path: string) => {
  await idle();
  await s.control('/faults', { kind, method, path, times: 1 });
};
const newId = (what: string) => `enrich-${what}-${process.pid}-${++seq}`;

describe.each(['400', '403', '500'])('Dolibarr answers %s to an enrichment step', (status) => {
  it('customer: the ticket is mirrored without third party and the helpdesk is told why', async () => {
    const id = newId(`customer-${status}`);
    await fault(status, 'GET', '^/contacts');
    expect((await s.push(ticketEvent(id))).status).toBe(202);
    const ticket = await erpTicket(id);
    expect(ticket.fk_soc ?? 0).toBe(0);
    const event = await told(id, 'customer.unresolved');
    expect(reasonOf(event)).toContain(status);
  });

  it('contract: mirrored with its third party, without contract, helpdesk told', async () => {
    const id = newId(`contract-${status}`);
    await fault(status, 'GET', '^/contracts');
    expect((await s.push(ticketEvent(id))).status).toBe(202);
    const ticket = await erpTicket(id);
    expect(ticket.fk_soc).toBe(1);
    const event = await told(id, 'contract.unresolved');
    expect(reasonOf(event)).toContain(status);
  });

  it('owner: mirrored without assignee, helpdesk told', async () => {
    const id = newId(`owner-${status}`);
    await fault(status, 'GET', '^/users');
    expect((await s.push(ticketEvent(id, { owner: { login: `agent-${status}-${seq}` } }))).status).toBe(202);
    await erpTicket(id);
    const event = await told(id, 'owner.unresolved');
    expect(reasonOf(event)).toContain(status);
  });

  it('type, category, severity and extrafields: a later change Dolibarr refuses leaves the ticket and its messages going', async () => {
    const id = newId(`fields-${status}`);
    expect((await s.push(ticketEvent(id))).status).toBe(202);
    const ticket = await erpTicket(id);
    await fault(status, 'PUT', '^/tickets/\\d+$');
    expect((await s.push(ticketEvent(id, { type: 'question', title: 'Printer on fire, again' }))).status).toBe(202);
    const event = await told(id, 'fields.unresolved');
    expect(reasonOf(event)).toContain(status);
    expect((await state()).tickets.filter((t) => t.id === ticket.id)).toHaveLength(1);
  });

  it('duration: the time is booked in an intervention, the duration is reported unresolved', async () => {
    const id = newId(`duration-${status}`);
    const start = new Date(Date.now() - 3600_000).toISOString();
    expect((await s.push(ticketEvent(id, {}, { timeEntries: [{ id: `${id}-t1`, seconds: 1800, start }] }))).status).toBe(202);
    const ticket = await erpTicket(id);
    await fault(status, 'PUT', `^/tickets/${ticket.id}$`);
    expect(
      (
        await s.push(
          ticketEvent(
            id,
            {},
            {
              timeEntries: [
                { id: `${id}-t1`, seconds: 1800, start },
                { id: `${id}-t2`, seconds: 900, start },
              ],
            },
          ),
        )
      ).status,
    ).toBe(202);
    const event = await told(id, 'duration.unresolved');
    expect(reasonOf(event)).toContain(status);
  });
});

describe('an unresolved step is tried again on the next change', () => {
  it('customer found once Dolibarr answers again', async () => {
    const id = newId('customer-retry');
    await fault('500', 'GET', '^/contacts');
    expect((await s.push(ticketEvent(id))).status).toBe(202);
    await told(id, 'customer.unresolved');
    expect((await s.push(ticketEvent(id, { title: 'Printer still on fire' }))).status).toBe(202);
    await eventually(
      async () => (await state()).tickets.find((t) => t.track_id === trackIdFor({ helpdeskId: 'webhook', ticketId: id }) && t.fk_soc === 1),
      'the third party set',
      90_000,
    );
  });

  it('a refused ticket creation (400) creates the ticket without the refused fields and says so', async () => {
    const id = newId('create-400');
    await fault('400', 'POST', '^/tickets$');
    expect((await s.push(ticketEvent(id))).status).toBe(202);
    await erpTicket(id);
    const event = await told(id, 'fields.unresolved');
    expect(reasonOf(event)).toContain('400');
  });
});
