import nock from 'nock';
import { InvalidRequestError, type OutboundUpdate } from '../../../src/plugin-sdk';
import { guardNetwork } from '../../support/nock-guard';
import { example, exampleAdapter, SITE } from './examples';

type Ex = { request: { body: Record<string, unknown> }; response: { status: number; body: Record<string, unknown> } };
const update = (extra: Partial<OutboundUpdate>): OutboundUpdate => ({
  eventId: 'dev_issue.created:107001',
  type: 'dev_issue.created',
  ticketId: '107001',
  occurredAt: new Date(),
  data: {},
  ...extra,
});
const noComments = { size: 0, start: 0, limit: 100, isLastPage: true, values: [] };
const MARKER = 'ticketbridge-event dev_issue.created:107001:reply';

guardNetwork();

describe('JSM customer replies', () => {
  it('answers with a public servicedeskapi comment ending with its marker, and returns its id', async () => {
    const ex = example<Ex>('add-public-comment-servicedeskapi');
    nock(SITE)
      .get('/rest/servicedeskapi/request/107001/comment')
      .query({ public: 'true', internal: 'false', start: '0', limit: '100' })
      .reply(200, noComments);
    let posted: Record<string, unknown> = {};
    nock(SITE)
      .post('/rest/servicedeskapi/request/107001/comment', (b: Record<string, unknown>) => ((posted = b), true))
      .reply(201, ex.response.body);
    const result = await exampleAdapter().deliver!(update({ reply: 'We opened development ticket 42 for your problem.' }));
    expect(result.createdArticleIds).toEqual([ex.response.body.id]);
    expect(posted).toEqual({ body: `We opened development ticket 42 for your problem.\n\n${MARKER}`, public: ex.request.body.public });
  });

  it('does not answer twice: a public comment with the marker is reported instead (an internal one is not searched)', async () => {
    const existing = {
      ...noComments,
      size: 1,
      values: [{ id: '1002', body: `We opened it.\n\n${MARKER}`, public: true, created: { epochMillis: 1 } }],
    };
    nock(SITE)
      .get('/rest/servicedeskapi/request/107001/comment')
      .query({ public: 'true', internal: 'false', start: '0', limit: '100' })
      .reply(200, existing);
    expect(await exampleAdapter().deliver!(update({ reply: 'We opened it.' }))).toEqual({ createdArticleIds: ['1002'] });
  });

  it('reports an answer Jira kept internal', async () => {
    const ex = example<Ex>('add-public-comment-servicedeskapi');
    nock(SITE).get('/rest/servicedeskapi/request/107001/comment').query(true).reply(200, noComments);
    nock(SITE)
      .post('/rest/servicedeskapi/request/107001/comment')
      .reply(201, { ...ex.response.body, public: false });
    await expect(exampleAdapter().deliver!(update({ reply: 'hello' }))).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

describe('JSM reminders', () => {
  it("sets duedate to the reminder's day in the API user's time zone, with the bridge fields in the same edit", async () => {
    let sent: Record<string, unknown> = {};
    nock(SITE)
      .put('/rest/api/3/issue/107001', (b: Record<string, unknown>) => ((sent = b), true))
      .reply(204);
    // 23:30 UTC is already the next day in Paris.
    await exampleAdapter({ timeZone: 'Europe/Paris' }).deliver!(update({ remindAt: new Date('2026-12-06T23:30:00Z'), fields: { erpRef: 'TS-1' } }));
    expect(sent).toEqual({ fields: { customfield_10050: 'TS-1', duedate: '2026-12-07' } });
    nock(SITE)
      .put('/rest/api/3/issue/107001', (b: Record<string, unknown>) => ((sent = b), true))
      .reply(204);
    await exampleAdapter({ timeZone: 'UTC' }).deliver!(update({ remindAt: new Date('2026-12-06T23:30:00Z') }));
    expect(sent).toEqual({ fields: { duedate: '2026-12-06' } });
  });
});
