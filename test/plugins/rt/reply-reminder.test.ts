import nock from 'nock';
import { InvalidRequestError, IntegrationError, noteMarker, type OutboundUpdate } from '../../../src/plugin-sdk';
import { page, recordedBody, RECORDED_RT, recording, rtTestAdapter } from './recordings';
import { toHelpdeskTicket } from '../../../plugins/rt/ticket-mapper';
import { rtSettingsSchema } from '../../../plugins/rt/settings';
import { rtTicketSchema } from '../../../plugins/rt/schemas';
import { guardNetwork } from '../../support/nock-guard';

const update = (extra: Partial<OutboundUpdate>): OutboundUpdate => ({
  eventId: 'dev-7',
  type: 'dev_issue.created',
  ticketId: '1',
  occurredAt: new Date('2026-11-23T09:00:00Z'),
  data: {},
  ...extra,
});
const ticketWithDue = (due: string) => ({ ...recordedBody<Record<string, unknown>>('ticket_get'), Due: due });
const correspondLocation = recording('ticket_correspond_timetaken_attachment').response.headers.location as string;

guardNetwork();

describe('RT customer replies', () => {
  it('sends the reply as a correspondence (mailed to the requestors), after the internal note, and returns both transactions', async () => {
    nock(RECORDED_RT).get('/REST/2.0/ticket/1/history').query(true).twice().reply(200, page([]));
    nock(RECORDED_RT).post('/REST/2.0/ticket/1/comment').reply(201, ['Comments added'], { location: '/REST/2.0/transaction/39' });
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/1')
      .query(true)
      .reply(200, recordedBody('ticket_get') as object);
    let sent: Record<string, unknown> = {};
    nock(RECORDED_RT)
      .post('/REST/2.0/ticket/1/correspond', (b: Record<string, unknown>) => ((sent = b), true))
      .reply(201, ['Correspondence added'], { location: correspondLocation });
    const result = await rtTestAdapter().deliver!(update({ note: 'ProjeQtor #42', reply: 'We opened a development ticket.' }));
    expect(result.createdArticleIds).toEqual(['39', '40']);
    expect(sent).toMatchObject({ Content: 'We opened a development ticket.', ContentType: 'text/plain' });
    expect(sent.Subject).toBe(`Re: ${recordedBody<{ Subject: string }>('ticket_get').Subject} ${noteMarker('dev-7:reply')}`);
    expect(sent).not.toHaveProperty('Attachments');
  });

  it('does not answer the customer twice: a correspondence with the marker is found (a comment with it is not enough)', async () => {
    const history = page([
      { id: '80', Type: 'Correspond', Created: '2026-11-23T09:00:01Z', Data: `Re: ${noteMarker('dev-7:reply')}` },
      { id: '79', Type: 'Comment', Created: '2026-11-23T09:00:00Z', Data: `TicketBridge dev_issue.created ${noteMarker('dev-7')}` },
    ]);
    nock(RECORDED_RT).get('/REST/2.0/ticket/1/history').query(true).twice().reply(200, history);
    const result = await rtTestAdapter().deliver!(update({ note: 'ProjeQtor #42', reply: 'We opened a development ticket.' }));
    expect(result.createdArticleIds).toEqual(['79', '80']);
  });

  it('reports a reply RT would not record (400 on an unknown ticket) as an invalid request naming the reply', async () => {
    const recorded = recording('error_correspond_unknown_ticket');
    nock(RECORDED_RT).get('/REST/2.0/ticket/1/history').query(true).reply(200, page([]));
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/1')
      .query(true)
      .reply(200, recordedBody('ticket_get') as object);
    nock(RECORDED_RT)
      .post('/REST/2.0/ticket/1/correspond')
      .reply(recorded.response.status, recorded.response.body as object);
    const err = await rtTestAdapter().deliver!(update({ reply: 'hello' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect((err as IntegrationError).message).toMatch(/Message could not be recorded/);
  });
});

describe('RT reminders', () => {
  it('sets Due as "YYYY-MM-DD HH:MM:SS" in the API user\'s zone and checks RT kept it (read back as UTC ISO)', async () => {
    let sent: Record<string, unknown> = {};
    nock(RECORDED_RT)
      .put('/REST/2.0/ticket/1', (b: Record<string, unknown>) => ((sent = b), true))
      .reply(200, ['Due changed']);
    nock(RECORDED_RT).get('/REST/2.0/ticket/1').query(true).reply(200, ticketWithDue('2026-12-07T08:30:15Z'));
    await rtTestAdapter().deliver!(update({ remindAt: new Date('2026-12-07T08:30:15.400Z') }));
    expect(sent).toEqual({ Due: '2026-12-07 08:30:15' });
    nock(RECORDED_RT)
      .put('/REST/2.0/ticket/1', (b: Record<string, unknown>) => ((sent = b), true))
      .reply(200, ['Due changed']);
    nock(RECORDED_RT).get('/REST/2.0/ticket/1').query(true).reply(200, ticketWithDue('2026-12-07T08:30:15Z'));
    await rtTestAdapter({ timeZone: 'Europe/Paris' }).deliver!(update({ remindAt: new Date('2026-12-07T08:30:15Z') }));
    expect(sent).toEqual({ Due: '2026-12-07 09:30:15' });
  });

  it('fails naming remindAt when RT did not keep the due date', async () => {
    nock(RECORDED_RT).put('/REST/2.0/ticket/1').reply(200, []);
    nock(RECORDED_RT).get('/REST/2.0/ticket/1').query(true).reply(200, ticketWithDue('1970-01-01T00:00:00Z'));
    const err = await rtTestAdapter().deliver!(update({ remindAt: new Date('2026-12-07T08:30:00Z') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as IntegrationError).field).toBe('remindAt');
  });
});

describe('RT custom fields', () => {
  it('reads the ticket\'s custom fields that have values (ticket_get), several values joined by ", "', () => {
    const settings = rtSettingsSchema.parse({ url: RECORDED_RT, queues: ['General'] });
    const raw = rtTicketSchema.parse(recordedBody('ticket_get'));
    expect(toHelpdeskTicket('rt', raw, '', settings).customFields).toEqual({ 'Dolibarr Ref': 'TS2611-0002', Channel: 'phone' });
    const multi = {
      ...raw,
      CustomFields: [
        { name: 'Components', values: ['export', 'pdf'] },
        { name: 'Empty', values: [] },
      ],
    };
    expect(toHelpdeskTicket('rt', multi, '', settings).customFields).toEqual({ Components: 'export, pdf' });
    expect(toHelpdeskTicket('rt', { ...raw, CustomFields: [] }, '', settings).customFields).toBeUndefined();
  });
});
