import { trackIdFor } from '../../src/sync/shared/ticket-identity';
import { eventually } from './support/service-process';
import { eventId, startWebhookScenario, ticketEvent, type Scenario } from './support/webhook-scenario';
import { verifySignature } from '../../plugins/webhook';
import { HOOK_SECRET } from './support/webhook-scenario';
import type { DoubleState } from '../doubles/dolibarr/state';

jest.setTimeout(120_000);

let s: Scenario;
const state = async () => (await s.control('/state')) as DoubleState & { callCounts: Record<string, number> };
const ticketsOf = async (trackPrefix: string) => (await state()).tickets.filter((t) => t.track_id.startsWith(trackPrefix));
const trackPrefix = (id: string) => trackIdFor({ helpdeskId: 'webhook', ticketId: id });
const received = (type: string, ticketId: string) => s.receiver.events.filter((e) => e.body.type === type && e.body.ticketId === ticketId);
const messagesOf = async (erpId: number) =>
  (await state()).events.filter((e) => e.elementtype === 'ticket' && e.elementid === erpId && e.code.startsWith('TICKET_MSG'));

beforeAll(async () => {
  s = await startWebhookScenario('webhook');
});
afterAll(async () => {
  await s?.close();
});

describe('generic webhook helpdesk ↔ Dolibarr, through the running service', () => {
  const HD = '1001';

  it("mirrors a known customer's ticket onto its third party and support contract, and tells the helpdesk", async () => {
    const res = await s.push(ticketEvent(HD));
    expect(res.status).toBe(202);
    const [ticket] = await eventually(async () => {
      const t = await ticketsOf(trackPrefix(HD));
      return t.length ? t : undefined;
    }, 'the ERP ticket');
    expect(ticket).toMatchObject({
      ref: 'HD-1001',
      subject: 'Printer on fire',
      fk_soc: 1,
      fk_contract: 1,
      type_code: 'ISSUE',
      severity_code: 'HIGH',
      fk_statut: 3,
      fk_user_assign: 2,
      origin_email: null,
    });
    // Where it came from and who asked, as the card shows it (no origin e-mail: no "Created from Public portal").
    expect(ticket.array_options).toMatchObject({
      options_tb_helpdesk_ticket: 'webhook #1001',
      options_tb_requester: 'Marie Durand (marie.durand@acme.example)',
      options_tb_contact: 1,
      options_tb_contract: 1,
    });
    expect(ticket.date_read).toEqual(expect.any(Number));
    // The helpdesk acknowledged the customer already: Dolibarr must not send its own "ticket created" e-mail.
    expect((await state()).emails).toEqual([]);
    const linked = await eventually(async () => received('erp.ticket_linked', HD)[0], 'erp.ticket_linked at the helpdesk');
    expect(linked.body.fields).toEqual({ erpRef: 'HD-1001' });
    const signature = verifySignature({
      secret: HOOK_SECRET,
      rawBody: Buffer.from(linked.raw),
      headers: linked.headers,
      nowSeconds: Math.floor(Date.now() / 1000),
      toleranceSeconds: 300,
    });
    expect(signature.ok).toBe(true);
    const contract = await eventually(async () => received('contract.resolved', HD)[0], 'contract.resolved at the helpdesk');
    // Covered, with hours left: nothing an agent must act on, so the contract goes to the bridge's field, not a note.
    expect(contract.body.note).toBeUndefined();
    expect(contract.body.fields).toEqual({ contract: expect.stringMatching(/^CT\S+/) });
    expect(contract.body.data).toMatchObject({ remainingHours: 10 });
  });

  it('keeps one ERP ticket and each message once through duplicate and out-of-order deliveries', async () => {
    const article = {
      id: 'a-1',
      author: 'Marie Durand',
      body: 'It is still smoking.',
      internal: false,
      createdAt: new Date().toISOString(),
      attachments: [],
    };
    const note = {
      id: 'a-2',
      author: 'John Doe',
      body: 'Called the fire brigade.',
      internal: true,
      createdAt: new Date().toISOString(),
      attachments: [],
    };
    const first = { type: 'article.added', eventId: eventId('art'), occurredAt: new Date().toISOString(), ticketId: HD, article };
    await s.push(first);
    await s.push(first);
    await s.push({ ...first, eventId: eventId('art-again') });
    await s.push({
      events: [{ type: 'article.added', eventId: eventId('note'), occurredAt: new Date().toISOString(), ticketId: HD, article: note }],
    });
    const older = ticketEvent(HD, { title: 'Old title', updatedAt: new Date(Date.now() - 3_600_000).toISOString() });
    await s.push(older);
    await s.push(ticketEvent(HD, { title: 'Printer on fire (3rd floor)' }));
    const [erp] = await ticketsOf(trackPrefix(HD));
    const messages = await eventually(async () => {
      const m = await messagesOf(erp.id);
      return m.length >= 2 ? m : undefined;
    }, 'two ERP messages');
    await eventually(async () => (await ticketsOf(trackPrefix(HD)))[0].subject === 'Printer on fire (3rd floor)', 'the newest title');
    await s.push(older);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ticketsOf(trackPrefix(HD))).toHaveLength(1);
    expect((await ticketsOf(trackPrefix(HD)))[0].subject).toBe('Printer on fire (3rd floor)');
    const final = await messagesOf(erp.id);
    expect(final).toHaveLength(2);
    expect(final.map((m) => m.code).sort()).toEqual(['TICKET_MSG', 'TICKET_MSG_PRIVATE']);
    expect(messages.find((m) => m.code === 'TICKET_MSG')!.note_private).toContain('It is still smoking.');
    // The bridge's own messages are not reported back to the helpdesk.
    expect(received('erp.message_added', HD)).toHaveLength(0);
  });

  it('turns two time entries into one intervention with two lines and a 1 h 30 duration on both sides', async () => {
    const start = new Date(Date.now() - 7_200_000).toISOString();
    await s.push({
      type: 'time_entry.added',
      eventId: eventId('t1'),
      occurredAt: start,
      ticketId: HD,
      timeEntry: { id: 'te-1', seconds: 3600, start, author: 'jdoe', note: 'Diagnosis' },
    });
    await s.push({
      type: 'time_entry.added',
      eventId: eventId('t2'),
      occurredAt: start,
      ticketId: HD,
      timeEntry: { id: 'te-2', seconds: 1800, start, author: 'jdoe', note: 'Replacement' },
    });
    const [erp] = await ticketsOf(trackPrefix(HD));
    const duration = await eventually(
      async () => received('duration.updated', HD).find((e) => (e.body.data as { seconds: number }).seconds === 5400),
      'duration 1 h 30 at the helpdesk',
    );
    expect(duration.body.fields).toEqual({ duration: '1 h 30' });
    const st = await state();
    const linked = st.links.filter((l) => l.sourcetype === 'ticket' && l.fk_source === erp.id && l.targettype === 'fichinter');
    expect(linked).toHaveLength(1);
    const intervention = st.interventions.find((i) => i.id === linked[0].fk_target)!;
    expect(intervention).toMatchObject({ socid: 1, fk_contrat: 1, statut: 0 });
    expect(intervention.lines.map((l) => l.duration).sort()).toEqual([1800, 3600]);
    expect(st.tickets.find((t) => t.id === erp.id)!.array_options).toMatchObject({ options_tb_duration: 1.5 });
  });

  it("reflects an ERP user's status change and message once, and does not echo the helpdesk's answer", async () => {
    const [erp] = await ticketsOf(trackPrefix(HD));
    await s.control('/act/ticket-message', { ticketId: erp.id, message: 'Spare printer on its way.', private: false });
    await s.control('/act/ticket-status', { ticketId: erp.id, status: 5 });
    const status = await eventually(async () => received('erp.status_changed', HD)[0], 'erp.status_changed at the helpdesk');
    expect(status.body.state).toBe('waiting_customer');
    const message = await eventually(async () => received('erp.message_added', HD)[0], 'erp.message_added at the helpdesk');
    expect((message.body.data as { text: string }).text).toContain('Spare printer on its way.');
    // The helpdesk applies the state and records the note, then pushes its ticket again.
    const putsBefore = (await state()).callCounts[`PUT /tickets/{id} 200`] ?? 0;
    expect(putsBefore).toBeGreaterThan(0);
    await s.push(
      ticketEvent(
        HD,
        { title: 'Printer on fire (3rd floor)', state: 'waiting', stateCategory: 'waiting_customer' },
        {
          articles: [
            {
              id: 'note-from-bridge',
              author: 'TicketBridge',
              body: message.body.note,
              internal: true,
              createdAt: new Date().toISOString(),
              attachments: [],
            },
          ],
        },
      ),
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect((await state()).callCounts[`PUT /tickets/{id} 200`] ?? 0).toBe(putsBefore);
    expect(await messagesOf(erp.id)).toHaveLength(3);
    expect(received('erp.message_added', HD)).toHaveLength(1);
    expect(received('erp.status_changed', HD)).toHaveLength(1);
  });

  it('raises one quote per request id, and tells the helpdesk when the customer signs it', async () => {
    const requestId = `req-${Date.now()}`;
    expect((await s.admin('POST', `/api/tickets/webhook/${HD}/quote`, { requestId, hours: 3 })).status).toBe(202);
    expect((await s.admin('POST', `/api/tickets/webhook/${HD}/quote`, { requestId, hours: 3 })).status).toBe(202);
    const created = await eventually(async () => received('quote.created', HD)[0], 'quote.created at the helpdesk');
    const proposalRef = (created.body.data as { proposalRef: string }).proposalRef;
    expect(proposalRef).toMatch(/^PR/);
    await new Promise((r) => setTimeout(r, 1000));
    const proposals = (await state()).proposals;
    expect(proposals).toHaveLength(1);
    expect(proposals[0].lines).toHaveLength(1);
    expect(proposals[0].lines[0]).toMatchObject({ qty: 3, subprice: 80 });
    await s.control('/act/proposal-close', { proposalId: proposals[0].id, status: 2 });
    const signed = await eventually(async () => received('quote.signed', HD)[0], 'quote.signed at the helpdesk');
    expect(signed.body.state).toBe('open');
    expect(signed.body.note).toContain(proposalRef);
  });

  it('validates the intervention when the helpdesk resolves the ticket', async () => {
    await s.push(ticketEvent(HD, { title: 'Printer on fire (3rd floor)', state: 'resolved', stateCategory: 'resolved' }));
    const validated = await eventually(async () => received('intervention.validated', HD)[0], 'intervention.validated at the helpdesk');
    expect(validated.body.data).toMatchObject({ ref: expect.stringMatching(/^FI\S+/) });
    expect(validated.body.note).toBeUndefined();
    const [erp] = await ticketsOf(trackPrefix(HD));
    // Closed as a Dolibarr user closes it: a closing date and 100 %.
    expect(erp).toMatchObject({ fk_statut: 8, progress: 100, date_close: expect.any(Number) });
    expect((await state()).contracts[0].array_options).toMatchObject({ options_tb_hours_prepaid: 10, options_tb_hours_used: expect.any(Number) });
  });

  it('refuses bad signatures, stale timestamps and malformed payloads, queuing nothing, and keeps running', async () => {
    const before = (await state()).tickets.length;
    expect((await s.push(ticketEvent('2001'), { secret: 'wrong-secret-0123456789' })).status).toBe(401);
    expect((await s.push(ticketEvent('2002'), { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    const bad = await s.push({ type: 'ticket.upserted', eventId: 'x', occurredAt: 'yesterday', ticket: { id: '2003' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: string[] }).issues.join('\n')).toMatch(/occurredAt/);
    const raw = await fetch(`${s.service.url}/webhooks/helpdesk/webhook`, { method: 'POST', body: '{not json' });
    expect(raw.status).toBe(401);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await state()).tickets.length).toBe(before);
    expect((await fetch(`${s.service.url}/healthz`)).status).toBe(200);
  });

  it('gives the helpdesk a file an ERP user adds as a signed link the bridge serves, once', async () => {
    const HD_FILES = '1003';
    await s.push(ticketEvent(HD_FILES));
    const [erp] = await eventually(async () => {
      const t = await ticketsOf(trackPrefix(HD_FILES));
      return t.length ? t : undefined;
    }, 'the ERP ticket');
    const pdf = Buffer.from('%PDF-1.4 signed quote');
    await s.control('/act/ticket-document', { ticketId: erp.id, filename: 'signed-quote.pdf', content: pdf.toString('base64') });
    // Dolibarr sends no event for a document: it is found when the ticket is reflected, here for an ERP user's message.
    await s.control('/act/ticket-message', { ticketId: erp.id, message: 'Quote signed, see the documents.' });
    const added = await eventually(async () => received('erp.document_added', HD_FILES)[0], 'erp.document_added at the helpdesk');
    const [file] = added.body.files as Array<{ filename: string; size: number; url: string; expiresAt: string }>;
    expect(file).toMatchObject({
      filename: 'signed-quote.pdf',
      size: pdf.length,
      url: expect.stringMatching(new RegExp(`^${s.service.url}/files/erp/`)),
    });
    expect(new Date(file.expiresAt).getTime()).toBeGreaterThan(Date.now() + 71 * 3600_000);
    const download = await fetch(file.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''signed-quote.pdf");
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    const [payload, signature] = file.url.slice(file.url.lastIndexOf('/') + 1).split('.');
    const otherFile = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), d: 'other.pdf' })).toString(
      'base64url',
    );
    expect((await fetch(`${s.service.url}/files/erp/${otherFile}.${signature}`)).status).toBe(403);
    await s.control('/act/ticket-message', { ticketId: erp.id, message: 'Another message, same documents.' });
    await eventually(async () => received('erp.message_added', HD_FILES).length >= 2, 'the second ERP message at the helpdesk');
    expect(received('erp.document_added', HD_FILES)).toHaveLength(1);
  });
});
