import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordedWebhook, seedBasics, shapeDiff, startForTest, type Started } from './test-support';

type Hook = { triggercode: string; object: Record<string, unknown> };

describe('Dolibarr double webhooks', () => {
  let receiver: http.Server;
  let received: Array<{ headers: http.IncomingHttpHeaders; body: Hook }>;
  let s: Started;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(raw) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    s = await startForTest({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
  });
  beforeEach(async () => {
    await s.control.post('/reset');
    await s.control.post('/seed', seedBasics);
    received = [];
  });
  afterAll(async () => {
    await s.double.close();
    await new Promise((r) => receiver.close(r));
  });

  const settle = async (): Promise<Hook[]> => {
    await s.double.webhooksSettled();
    return received.map((r) => r.body);
  };

  it('ticket create and status change: auto ACTION_CREATE first, caller echoed, TICKET_MODIFY has old fk_statut and new status', async () => {
    const id = (await s.api.post('/tickets', { subject: 'S', message: 'm', fk_soc: 1, caller: 'bridge' })).data;
    await s.api.put(`/tickets/${id}`, { status: 5, caller: 'bridge' });
    const hooks = await settle();
    expect(hooks.map((h) => [h.triggercode, h.object.code ?? null])).toEqual([
      ['ACTION_CREATE', 'AC_TICKET_CREATE'],
      ['TICKET_CREATE', null],
      ['ACTION_CREATE', 'AC_TICKET_MODIFY'],
      ['TICKET_MODIFY', null],
    ]);
    expect(hooks[1].object).toMatchObject({ id, fk_statut: null, status: null, context: { caller: 'bridge' } });
    expect(hooks[3].object).toMatchObject({ fk_statut: '0', status: 5, context: { caller: 'bridge' } });
    expect(hooks[2].object.context).toEqual([]);
    expect(received[0].headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Dolibarr geturl function', accept: '*/*' });
  });

  it('payload objects keep the recorded key names and types', async () => {
    const id = (await s.api.post('/tickets', { subject: 'S', message: 'm', fk_soc: 1, fk_contract: 1, fk_user_assign: 1 })).data;
    await s.api.put(`/tickets/${id}`, { status: 3, caller: 'bridge' });
    const [, , action, modify] = await settle();
    const recAction = recordedWebhook('webhook_payload_ticketmodify_01_ACTION_CREATE').object;
    const recModify = recordedWebhook('webhook_payload_ticketmodify_02_TICKET_MODIFY').object;
    // The double trims nested objects (thirdparty, lines, status labels); every key it sends is a recorded one.
    expect(shapeDiff(action.object, recAction, Object.keys(action.object))).toEqual([]);
    expect(shapeDiff(modify.object, recModify, Object.keys(modify.object))).toEqual([]);
    expect(Object.keys(modify.object).length).toBeGreaterThan(100);
  });

  it('a message fires only ACTION_CREATE with TICKET_MSG_PRIVATE, the text in note_private and no caller', async () => {
    await s.api.post('/tickets', { subject: 'S', message: 'm', track_id: 'tr-1' });
    await settle();
    received = [];
    const res = await s.api.post('/tickets/newmessage', { track_id: 'tr-1', message: 'Internal note', private: 1, caller: 'bridge' });
    expect(res.data).toBe('1');
    const hooks = await settle();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      triggercode: 'ACTION_CREATE',
      object: { code: 'TICKET_MSG_PRIVATE', elementtype: 'ticket', fk_element: '1', elementid: '1', note_private: 'Internal note', context: [] },
    });
  });

  it('UI actions fire the same triggers without a caller', async () => {
    const { id } = (await s.control.post('/act/ticket', { subject: 'From UI', message: 'm', fk_soc: 1 })).data;
    await s.control.post('/act/ticket-status', { ticketId: id, status: 8 });
    await s.control.post('/act/ticket-message', { ticketId: id, message: 'Public answer' });
    const hooks = await settle();
    expect(hooks.map((h) => h.triggercode)).toEqual(['ACTION_CREATE', 'TICKET_CREATE', 'ACTION_CREATE', 'TICKET_MODIFY', 'ACTION_CREATE']);
    expect(hooks[3].object).toMatchObject({ fk_statut: '0', status: 8, context: [] });
    expect(hooks[4].object).toMatchObject({ code: 'TICKET_MSG', note_private: 'Public answer' });
  });

  it('intervention, proposal and invoice triggers come in Dolibarr order with the recorded fields', async () => {
    const ticketId = (await s.api.post('/tickets', { subject: 'S', message: 'm', fk_soc: 1 })).data;
    const { id: fiId } = (
      await s.control.post('/act/intervention', {
        socid: 1,
        ticketId,
        description: 'By hand',
        lines: [{ description: 'Visit', date: 1795359314, duration: 3600 }],
        validate: true,
      })
    ).data;
    await s.api.post(`/interventions/${fiId}/close`);
    const propId = (await s.api.post('/proposals', { socid: 1, linkedObjectsIds: { ticket: [ticketId] } })).data;
    await s.api.post(`/proposals/${propId}/validate`);
    await s.control.post('/act/proposal-close', { proposalId: propId, status: 2 });
    const invId = (await s.api.post('/invoices', { socid: 1, lines: [] })).data;
    await s.api.post(`/invoices/${invId}/validate`);
    const hooks = (await settle()).filter((h) => h.triggercode !== 'ACTION_CREATE').slice(1);
    expect(hooks.map((h) => h.triggercode)).toEqual([
      'FICHINTER_CREATE',
      'FICHINTER_VALIDATE',
      'FICHINTER_CLOSE',
      'PROPAL_CREATE',
      'PROPAL_VALIDATE',
      'PROPAL_CLOSE_SIGNED',
      'BILL_VALIDATE',
    ]);
    const [, validate, close, , , signed, bill] = hooks;
    expect(validate.object).toMatchObject({ statut: '0', ref: `(PROV${fiId})`, newref: expect.stringMatching(/^FI\d{4}-0001$/), duration: '3600' });
    expect(close.object).toMatchObject({ statut: '1' });
    expect(signed.object).toMatchObject({ statut: 2, linkedObjectsIds: { ticket: expect.any(Object) } });
    expect(Object.values((signed.object.linkedObjectsIds as Record<string, object>).ticket)).toEqual([String(ticketId)]);
    expect(bill.object).toMatchObject({ ref: `(PROV${invId})`, newref: expect.stringMatching(/^FA\d{4}-0001$/) });
    const recSigned = recordedWebhook('webhook_payload_proposal_05_PROPAL_CLOSE_SIGNED').object;
    expect(shapeDiff(signed.object, recSigned, Object.keys(signed.object))).toEqual([]);
  });

  it('sends only the configured trigger codes', async () => {
    await s.control.post('/webhook', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, triggerCodes: ['TICKET_DELETE'] });
    const id = (await s.api.post('/tickets', { subject: 'S', message: 'm' })).data;
    await s.api.delete(`/tickets/${id}`);
    const hooks = await settle();
    expect(hooks.map((h) => h.triggercode)).toEqual(['TICKET_DELETE']);
    expect(hooks[0].object).toMatchObject({ id: String(id), fk_statut: '0', status: '0' });
    await s.control.post('/webhook', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
  });
});
