import nock from 'nock';
import {
  AuthError,
  ConnectionError,
  ForbiddenError,
  InputError,
  InvalidRequestError,
  IntegrationError,
  ServerError,
  type OutboundUpdate,
} from '../../../src/plugin-sdk';
import { noteMarker } from '../../../src/plugin-sdk';
import { page, recordedBody, RECORDED_RT, replay, rtTestAdapter } from './recordings';
import { guardNetwork } from '../../support/nock-guard';

type Ticket = { Status: string; CustomFields: Array<{ name: string; values: string[] }> };
const update = (extra: Partial<OutboundUpdate>): OutboundUpdate => ({
  eventId: 'evt-42',
  type: 'erp.status_changed',
  ticketId: '1',
  occurredAt: new Date('2026-11-23T09:00:00Z'),
  data: {},
  ...extra,
});
/** Ticket 1 as recorded, after the write: with the given status and custom field values. */
function ticketAfter(status: string, cfs: Record<string, string> = {}): Ticket {
  const t = recordedBody<Ticket>('ticket_get');
  t.Status = status;
  t.CustomFields.push({ name: 'Dolibarr Contract', values: [] });
  for (const cf of t.CustomFields) if (cf.name in cfs) cf.values = [cfs[cf.name]!];
  return t;
}
const historyWithout = () => page([]);

guardNetwork();

describe('RT deliver', () => {
  it('adds the note as an internal comment marked with the event, and returns its transaction id from Location', async () => {
    nock(RECORDED_RT).get('/REST/2.0/ticket/1/history').query(true).reply(200, historyWithout());
    let sent: Record<string, unknown> = {};
    nock(RECORDED_RT)
      .post('/REST/2.0/ticket/1/comment', (b: Record<string, unknown>) => ((sent = b), true))
      .matchHeader('content-type', 'application/json')
      .reply(201, ['Comments added'], { location: '/REST/2.0/transaction/40' });
    const result = await rtTestAdapter().deliver!(update({ note: 'Intervention FI-1 validated' }));
    expect(result.createdArticleIds).toEqual(['40']);
    expect(sent).toMatchObject({ Content: 'Intervention FI-1 validated', ContentType: 'text/plain' });
    expect(String(sent.Subject)).toContain(noteMarker('evt-42'));
  });

  it('does not comment twice: a comment carrying the marker is found and its id returned', async () => {
    const history = page([
      { id: '77', Type: 'Comment', Created: '2026-11-23T08:14:20Z', Data: `TicketBridge erp.status_changed ${noteMarker('evt-42')}\n` },
    ]);
    nock(RECORDED_RT).get('/REST/2.0/ticket/1/history').query(true).reply(200, history);
    const result = await rtTestAdapter().deliver!(update({ note: 'again' }));
    expect(result.createdArticleIds).toEqual(['77']);
  });

  it('turns a 200 refusal into InvalidRequestError naming the state and quoting RT', async () => {
    replay('error_update_status_invalid');
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/1')
      .query(true)
      .reply(200, ticketAfter('new') as object);
    const err = await rtTestAdapter({ categoryToStatus: { closed: 'closed' } }).deliver!(update({ state: 'closed' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as IntegrationError).field).toBe('state');
    expect((err as IntegrationError).message).toContain("Status 'closed' isn't a valid status");
  });

  it('catches a custom field RT dropped silently (answer [], value not on the ticket) and names it', async () => {
    replay('error_update_cf_not_applied_to_queue_silent', '/REST/2.0/ticket/1');
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/1')
      .query(true)
      .reply(200, ticketAfter('resolved', { 'Dolibarr Ref': 'TS2611-0002' }) as object);
    const err = await rtTestAdapter().deliver!(update({ state: 'resolved', fields: { erpRef: 'TS2611-0002', contract: 'CT-9' } })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as IntegrationError).field).toBe('fields.contract');
  });

  it('reports a custom field the value of which RT refused, with RT’s message', async () => {
    replay('error_update_cf_pattern_mismatch', '/REST/2.0/ticket/1');
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/1')
      .query(true)
      .reply(200, ticketAfter('new') as object);
    const err = await rtTestAdapter().deliver!(update({ fields: { erpRef: 'abc' } })).catch((e: unknown) => e);
    expect((err as IntegrationError).field).toBe('fields.erpRef');
    expect((err as IntegrationError).remoteMessage).toMatch(/^Could not add a new value/);
  });

  it('succeeds when the read-back shows every value, and sends status and fields in one PUT', async () => {
    let body: unknown;
    nock(RECORDED_RT)
      .put('/REST/2.0/ticket/1', (b) => ((body = b), true))
      .reply(200, recordedBody('ticket_update_status_resolved') as object);
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/1')
      .query(true)
      .reply(200, ticketAfter('stalled', { 'Dolibarr Contract': 'CT-9' }) as object);
    await expect(rtTestAdapter().deliver!(update({ state: 'waiting_customer', fields: { contract: 'CT-9' } }))).resolves.toEqual({
      createdArticleIds: [],
    });
    expect(body).toEqual({ Status: 'stalled', CustomFields: { 'Dolibarr Contract': 'CT-9' } });
  });

  it('refuses a state with no RT status before writing anything', async () => {
    await expect(rtTestAdapter().deliver!(update({ state: 'merged' }))).rejects.toBeInstanceOf(InputError);
  });

  it('reports a comment RT refuses for lack of rights (400 "Permission Denied") as ForbiddenError', async () => {
    nock(RECORDED_RT).get('/REST/2.0/ticket/5/history').query(true).reply(200, historyWithout());
    replay('local_comment_without_rights_400');
    await expect(rtTestAdapter().deliver!(update({ ticketId: '5', note: 'x' }))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('RT client errors', () => {
  it('maps 401, 500 with an empty body, and a refused connection to typed errors', async () => {
    replay('auth_bad_token_401', '/REST/2.0/ticket/1');
    await expect(rtTestAdapter().fetchTicket!('1')).rejects.toBeInstanceOf(AuthError);
    replay('pitfall_attachments_fields_parent_500', '/REST/2.0/ticket/1');
    const server = await rtTestAdapter().fetchTicket!('1').catch((e: unknown) => e);
    expect(server).toBeInstanceOf(ServerError);
    nock(RECORDED_RT).get('/REST/2.0/ticket/1').query(true).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const down = await rtTestAdapter().fetchTicket!('1').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ConnectionError);
    expect((down as IntegrationError).transient).toBe(true);
  });

  it('never sends the token anywhere but the Authorization header', async () => {
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/1')
      .query((q) => !JSON.stringify(q).includes('0123456789abcdef'))
      .matchHeader('authorization', 'token 1-14-0123456789abcdef')
      .reply(200, recordedBody('ticket_get_deleted') as object);
    await expect(rtTestAdapter().fetchTicket!('1')).resolves.toEqual({ kind: 'deleted' });
  });
});

describe('RT deliverMany', () => {
  it("writes a new ticket's link and contract in one PUT and one read-back", async () => {
    let body: unknown;
    const put = nock(RECORDED_RT)
      .put('/REST/2.0/ticket/1', (b) => ((body = b), true))
      .reply(200, recordedBody('ticket_update_status_resolved') as object);
    const readBack = nock(RECORDED_RT)
      .get('/REST/2.0/ticket/1')
      .query(true)
      .reply(200, ticketAfter('new', { 'Dolibarr Ref': 'TS2611-0002', 'Dolibarr Contract': 'CT-9' }) as object);
    const linked = update({ eventId: 'erp.ticket_linked:rt:1:2', type: 'erp.ticket_linked', fields: { erpRef: 'TS2611-0002' } });
    const covered = update({ eventId: 'contract.resolved:rt:1:9', type: 'contract.resolved', fields: { contract: 'CT-9' } });

    await expect(rtTestAdapter().deliverMany!([linked, covered])).resolves.toEqual({});

    expect(body).toEqual({ CustomFields: { 'Dolibarr Ref': 'TS2611-0002', 'Dolibarr Contract': 'CT-9' } });
    expect(put.isDone() && readBack.isDone()).toBe(true);
  });
});
