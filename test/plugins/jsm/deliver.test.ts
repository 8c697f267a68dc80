import nock from 'nock';
import { ForbiddenError, InvalidRequestError, NotFoundError } from '../../../src/plugin-sdk';
import type { OutboundUpdate } from '../../../src/plugin-sdk';
import { guardNetwork } from '../../support/nock-guard';
import { example, exampleAdapter, SITE } from './examples';

type Ex = { request: { body: Record<string, unknown> }; response: { status: number; body: Record<string, unknown> } };
const update = (extra: Partial<OutboundUpdate>): OutboundUpdate => ({
  eventId: 'erp.status_changed:42:7',
  type: 'erp.status_changed',
  ticketId: '107001',
  occurredAt: new Date(),
  data: {},
  ...extra,
});
const noComments = { size: 0, start: 0, limit: 100, isLastPage: true, values: [] };
const statusIs = (name: string) => ({
  id: '107001',
  key: 'HELPDESK-1',
  fields: {
    summary: 's',
    status: { id: '1', name, statusCategory: { key: 'indeterminate' } },
    project: { key: 'HELPDESK' },
    created: '2026-11-23T09:41:02.327+0100',
    updated: '2026-11-23T09:41:02.327+0100',
  },
});

guardNetwork();

describe('JSM deliver (documented writes)', () => {
  it('adds the note as an internal comment through the platform API, with the sd.public.comment property', async () => {
    const ex = example<Ex>('add-internal-comment-platform');
    nock(SITE)
      .get('/rest/servicedeskapi/request/107001/comment')
      .query({ public: 'false', internal: 'true', start: '0', limit: '100' })
      .reply(200, noComments);
    let posted: Record<string, unknown> = {};
    nock(SITE)
      .post('/rest/api/3/issue/107001/comment', (b: Record<string, unknown>) => ((posted = b), true))
      .reply(201, ex.response.body);
    const result = await exampleAdapter().deliver!(update({ note: 'Internal note: waiting on supplier RMA #4411, do not share.' }));
    expect(result.createdArticleIds).toEqual(['10042']);
    expect(posted.properties).toEqual(ex.request.body.properties);
    const paragraphs = (posted.body as { content: Array<{ content: Array<{ text?: string }> }> }).content;
    expect(paragraphs[0]).toEqual((ex.request.body.body as { content: unknown[] }).content[0]);
    // The last paragraph is the marker that finds the note again after a lost answer.
    expect(paragraphs.at(-1)!.content[0]!.text).toBe('ticketbridge-event erp.status_changed:42:7');
  });

  it('does not post a note twice: a comment with its marker is reported instead', async () => {
    const existing = {
      ...noComments,
      size: 1,
      values: [{ id: '1001', body: 'Old note\n\nticketbridge-event erp.status_changed:42:7', public: false, created: { epochMillis: 1 } }],
    };
    nock(SITE).get('/rest/servicedeskapi/request/107001/comment').query(true).reply(200, existing);
    expect(await exampleAdapter().deliver!(update({ note: 'Old note' }))).toEqual({ createdArticleIds: ['1001'] });
  });

  it('reports a note Jira made public instead of trusting it', async () => {
    nock(SITE).get('/rest/servicedeskapi/request/107001/comment').query(true).reply(200, noComments);
    nock(SITE).post('/rest/api/3/issue/107001/comment').reply(201, { id: '10042', jsdPublic: true });
    await expect(exampleAdapter().deliver!(update({ note: 'n' }))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('moves the request through the transition the workflow offers to the mapped status', async () => {
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(200, statusIs('In Progress'));
    nock(SITE)
      .get('/rest/api/3/issue/107001/transitions')
      .reply(200, example<{ response: { body: object } }>('list-transitions-platform').response.body);
    nock(SITE)
      .post('/rest/api/3/issue/107001/transitions', { transition: { id: '761' } })
      .reply(204);
    await exampleAdapter({ categoryToStatus: { closed: 'Resolved' } }).deliver!(update({ state: 'closed' }));
  });

  it('does nothing when the request is already in the status', async () => {
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(200, statusIs('Resolved'));
    await exampleAdapter({ categoryToStatus: { closed: 'Resolved' } }).deliver!(update({ state: 'closed' }));
  });

  it('a status no offered transition reaches is a clear error naming the transitions offered', async () => {
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(200, statusIs('In Progress'));
    nock(SITE)
      .get('/rest/api/3/issue/107001/transitions')
      .reply(200, example<{ response: { body: object } }>('list-transitions-platform').response.body);
    const err = await exampleAdapter().deliver!(update({ state: 'closed' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as Error).message).toBe(
      'Jira request HELPDESK-1 cannot go from "In Progress" to "Fermé": no such transition; the workflow offers "Respond to customer" → Waiting for customer, "Start work" → In Progress, "Resolve this issue" → Resolved, "Cancel request" → Canceled',
    );
    expect((err as InvalidRequestError).transient).toBe(false);
  });

  it("writes the bridge's fields into their configured custom fields", async () => {
    nock(SITE)
      .put('/rest/api/3/issue/107001', { fields: { customfield_10050: 'TK2611-0042', customfield_10052: '1.50 h' } })
      .reply(204);
    await exampleAdapter().deliver!(update({ fields: { erpRef: 'TK2611-0042', duration: '1.50 h' } }));
  });

  it("writes a new ticket's link and contract in one PUT (deliverMany)", async () => {
    const put = nock(SITE)
      .put('/rest/api/3/issue/107001', { fields: { customfield_10050: 'TK2611-0042', customfield_10051: 'CT2611-0001' } })
      .reply(204);
    await exampleAdapter().deliverMany!([
      update({ eventId: 'erp.ticket_linked:jsm:107001:42', type: 'erp.ticket_linked', fields: { erpRef: 'TK2611-0042' } }),
      update({ eventId: 'contract.resolved:jsm:107001:1', type: 'contract.resolved', fields: { contract: 'CT2611-0001' } }),
    ]);
    expect(put.isDone()).toBe(true);
  });

  it('a request Jira does not have is a not-found error', async () => {
    nock(SITE)
      .get('/rest/servicedeskapi/request/999/comment')
      .query(true)
      .reply(404, example<{ servicedeskapi: Ex }>('error-404').servicedeskapi.response.body);
    await expect(exampleAdapter().deliver!(update({ ticketId: '999', note: 'x' }))).rejects.toBeInstanceOf(NotFoundError);
  });
});
