import { trackIdFor } from '../../src/sync/shared/ticket-identity';
import { eventually } from './support/service-process';
import { eventId, startWebhookScenario, ticketEvent, type Scenario } from './support/webhook-scenario';
import type { DoubleState } from '../doubles/dolibarr/state';
import type { CallRecord } from '../doubles/dolibarr/calls';

jest.setTimeout(180_000);

let s: Scenario;
const state = async () => (await s.control('/state')) as DoubleState & { callCounts: Record<string, number>; calls: CallRecord[] };
const trackPrefix = (id: string) => trackIdFor({ helpdeskId: 'webhook', ticketId: id });
const ticketsOf = async (id: string) => (await state()).tickets.filter((t) => t.track_id === trackPrefix(id));
const messagesOf = async (erpId: number) =>
  (await state()).events.filter((e) => e.elementtype === 'ticket' && e.elementid === erpId && e.code.startsWith('TICKET_MSG'));
const article = (ticketId: string, id: string, body: string) => ({
  type: 'article.added',
  eventId: eventId(id),
  occurredAt: new Date().toISOString(),
  ticketId,
  article: { id, author: 'Marie Durand', body, internal: false, createdAt: new Date().toISOString(), attachments: [] },
});

beforeAll(async () => {
  s = await startWebhookScenario('failures');
});
afterAll(async () => {
  await s?.close();
});

describe('ERP outages and crashes only delay: exactly one ERP ticket and each message once', () => {
  it('rides out 500, 503 and timeouts on ticket creation, then recovers', async () => {
    await s.control('/faults', { kind: '500', method: 'POST', path: '^/tickets$', times: 1 });
    await s.control('/faults', { kind: '503', method: 'GET', path: '^/tickets/track_id/', times: 2 });
    await s.control('/faults', { kind: 'hang', method: 'POST', path: '^/tickets/newmessage$', times: 1 });
    expect((await s.push(ticketEvent('3001'))).status).toBe(202);
    expect((await s.push(article('3001', 'm-1', 'First message'))).status).toBe(202);
    const [ticket] = await eventually(
      async () => {
        const t = await ticketsOf('3001');
        return t.length ? t : undefined;
      },
      'the ERP ticket after the faults',
      60_000,
    );
    await eventually(async () => (await messagesOf(ticket.id)).length === 1, 'the message after the timeout', 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await ticketsOf('3001')).toHaveLength(1);
    expect(await messagesOf(ticket.id)).toHaveLength(1);
    const { calls, callCounts } = await state();
    expect(callCounts['POST /tickets 500']).toBe(1);
    expect(calls.filter((c) => c.method === 'GET' && c.path.startsWith('/tickets/track_id/') && c.status === 503)).toHaveLength(2);
  });

  it('queues while Dolibarr is down and catches up when it comes back', async () => {
    await s.control('/faults', { kind: 'down' });
    expect((await s.push(ticketEvent('3002'))).status).toBe(202);
    expect((await s.push(article('3002', 'm-2', 'Written during the outage'))).status).toBe(202);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await ticketsOf('3002')).toHaveLength(0);
    expect((await fetch(`${s.service.url}/readyz`)).status).toBe(503);
    await fetch(`${s.double.controlUrl}/faults`, { method: 'DELETE' });
    const [ticket] = await eventually(
      async () => {
        const t = await ticketsOf('3002');
        return t.length ? t : undefined;
      },
      'the ERP ticket after the outage',
      90_000,
    );
    await eventually(async () => (await messagesOf(ticket.id)).length === 1, 'the message after the outage', 60_000);
    expect((await fetch(`${s.service.url}/readyz`)).status).toBe(200);
  });

  it('finishes the work of a worker killed in the middle of a job, once', async () => {
    // The create hangs (no answer until the client's timeout): the service is killed while the job waits on it.
    await s.control('/faults', { kind: 'hang', method: 'POST', path: '^/tickets$', times: 1 });
    expect((await s.push(ticketEvent('3003'))).status).toBe(202);
    await eventually(
      async () =>
        (await state()).calls.some((c) => c.method === 'POST' && c.path === '/tickets' && c.status === 0) ||
        ((await s.control('/faults')) as unknown[]).length === 0,
      'the create to hang',
    );
    await s.kill();
    await fetch(`${s.double.controlUrl}/faults`, { method: 'DELETE' });
    await s.restart();
    const [ticket] = await eventually(
      async () => {
        const t = await ticketsOf('3003');
        return t.length ? t : undefined;
      },
      'the ERP ticket after the restart',
      90_000,
    );
    await s.push(article('3003', 'm-3', 'After the crash'));
    await eventually(async () => (await messagesOf(ticket.id)).length === 1, 'the message after the restart');
    await new Promise((r) => setTimeout(r, 2000));
    expect(await ticketsOf('3003')).toHaveLength(1);
  });

  it('tells the helpdesk of the ERP ticket when the worker is killed after creating it, while it posts a message', async () => {
    // The message post hangs: the service is killed after the run created the ERP ticket and reported it, before the
    // run's end, where it queues its updates for the helpdesk.
    await s.control('/faults', { kind: 'hang', method: 'POST', path: '^/agendaevents$', times: 1 });
    const { article: message } = article('3005', 'm-5', 'Before the crash');
    expect((await s.push(ticketEvent('3005', {}, { articles: [message] }))).status).toBe(202);
    // The fault is used up once the post arrives; it hangs 1.5 s, until the service's timeout.
    await eventually(async () => ((await s.control('/faults')) as unknown[]).length === 0, 'the message post to hang');
    expect(await ticketsOf('3005')).toHaveLength(1);
    const linked = () => s.receiver.events.filter((e) => e.body.type === 'erp.ticket_linked' && e.body.ticketId === '3005');
    expect(linked()).toEqual([]);
    await s.kill();
    await fetch(`${s.double.controlUrl}/faults`, { method: 'DELETE' });
    await s.restart();
    const [ticket] = await ticketsOf('3005');
    await eventually(async () => linked().length > 0, 'erp.ticket_linked at the helpdesk after the restart', 90_000);
    await eventually(async () => (await messagesOf(ticket.id)).length === 1, 'the message after the restart');
    await new Promise((r) => setTimeout(r, 2000));
    expect(linked().map((e) => e.body.data)).toEqual([{ erpId: ticket.id, erpRef: ticket.ref }]);
    expect(await ticketsOf('3005')).toHaveLength(1);
  });

  it('survives a graceful restart with events queued, and a redelivery of everything after it', async () => {
    const events = [ticketEvent('3004'), article('3004', 'm-4a', 'one'), article('3004', 'm-4b', 'two')];
    for (const e of events) expect((await s.push(e)).status).toBe(202);
    await s.restart();
    for (const e of events) expect((await s.push(e)).status).toBe(202);
    const [ticket] = await eventually(async () => {
      const t = await ticketsOf('3004');
      return t.length ? t : undefined;
    }, 'the ERP ticket');
    await eventually(async () => (await messagesOf(ticket.id)).length === 2, 'both messages');
    await new Promise((r) => setTimeout(r, 2000));
    expect(await ticketsOf('3004')).toHaveLength(1);
    expect(await messagesOf(ticket.id)).toHaveLength(2);
  });
});
