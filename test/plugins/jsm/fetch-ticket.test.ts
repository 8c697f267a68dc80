import nock from 'nock';
import { AuthError, ForbiddenError, RateLimitedError, SchemaError, ServerError } from '../../../src/plugin-sdk';
import { guardNetwork } from '../../support/nock-guard';
import { example, exampleAdapter, SITE } from './examples';

type Ex = { response: { status: number; body: Record<string, unknown>; headers?: Record<string, string> } };
type Hook = { body: { issue: Record<string, unknown> } };

/** The issue of the issue-created webhook, as GET /rest/api/3/issue answers it (v2 wiki description). */
const issue = () => example<Hook>('webhook-issue-created').body.issue;

function serveRequest107001(overrides: { issue?: unknown; done?: boolean } = {}): void {
  nock(SITE)
    .get('/rest/api/3/issue/107001')
    .query((q) => String(q.fields).includes('customfield_10010'))
    .reply(200, (overrides.issue ?? issue()) as object);
  nock(SITE).get('/rest/servicedeskapi/request/107001').reply(200, example<Ex>('get-request').response.body);
  nock(SITE)
    .get('/rest/servicedeskapi/request/107001/comment')
    .query({ public: 'true', internal: 'true', start: '0', limit: '100' })
    .reply(200, example<Ex>('list-comments-servicedeskapi').response.body);
  nock(SITE)
    .get('/rest/api/3/issue/107001/worklog')
    .query({ startAt: '0', maxResults: '5000' })
    .reply(200, example<Ex>('list-worklogs').response.body);
  // A done request's SLA is not read.
  if (!overrides.done)
    nock(SITE).get('/rest/servicedeskapi/request/107001/sla').query({ start: '0', limit: '50' }).reply(200, example<Ex>('get-sla').response.body);
}

guardNetwork();

describe('JSM fetchTicket (documented examples)', () => {
  it('maps the request: type with its group, priority, status and category, reporter e-mail, comments with visibility, worklogs', async () => {
    serveRequest107001();
    const result = await exampleAdapter().fetchTicket!('107001');
    if (result.kind !== 'found') throw new Error(`expected found, got ${result.kind}`);
    const { ticket, articles, timeEntries } = result.snapshot;
    expect(ticket).toMatchObject({
      id: '107001',
      number: 'HELPDESK-1',
      title: 'Request JSD help via REST',
      type: 'Assistance/Get IT help',
      queue: 'Assistance',
      priority: 'High',
      state: 'Waiting for support',
      // Not in statusToCategory: Jira's status category "new" decides.
      stateCategory: 'new',
      // The platform issue hides the address; the servicedeskapi request has it.
      customer: { email: 'fred@example.com', name: 'Fred F. User' },
      body: 'I need a new mouse for my Mac',
    });
    expect(articles.map((a) => [a.id, a.internal, a.body])).toEqual([
      ['description', false, 'I need a new mouse for my Mac'],
      ['1000', false, 'Hello there'],
      ['1001', true, 'Internal note: waiting on supplier RMA #4411, do not share.'],
    ]);
    // "Time To First Response" missed its goal in a completed cycle; the running cycles show no due date.
    expect(result.snapshot.helpdeskSla).toEqual({ status: 'breached' });
    expect(timeEntries).toEqual([
      {
        id: '100028',
        seconds: 5400,
        start: new Date('2026-11-23T07:00:00.000Z'),
        bookedAt: new Date('2026-11-23T09:30:11.412Z'),
        author: 'Mia Krystof',
        note: 'On-site visit: replaced mouse and tested.',
      },
    ]);
    expect(ticket.closedAt).toBeUndefined(); // open, and no resolution date
  });

  it('gives a done request its resolution date as close time; an open one with a stale date none', async () => {
    const resolved = issue();
    const fields = resolved.fields as Record<string, Record<string, unknown> | string>;
    fields.status = { ...(fields.status as Record<string, unknown>), name: 'Resolved', statusCategory: { key: 'done' } };
    fields.resolutiondate = '2026-11-23T09:00:00.000+0000';
    serveRequest107001({ issue: resolved, done: true });
    const done = await exampleAdapter().fetchTicket!('107001');
    if (done.kind !== 'found') throw new Error(done.kind);
    expect(done.snapshot.ticket.closedAt).toEqual(new Date('2026-11-23T09:00:00.000Z'));

    const reopened = issue();
    (reopened.fields as Record<string, unknown>).resolutiondate = '2026-11-23T09:00:00.000+0000';
    serveRequest107001({ issue: reopened });
    const open = await exampleAdapter().fetchTicket!('107001');
    if (open.kind !== 'found') throw new Error(open.kind);
    expect(open.snapshot.ticket.closedAt).toBeUndefined();
  });

  it('names the requests it links to or whose key its text gives (a follow-up of a closed one)', async () => {
    const withRefs = issue();
    const fields = withRefs.fields as Record<string, unknown>;
    fields.description = 'Suite de HELPDESK-7 (et de HELPDESK-8, qui n’existe pas), même panne que HELPDESK-1.';
    fields.issuelinks = [{ id: '1', type: { name: 'Relates' }, outwardIssue: { id: '106990', key: 'HELPDESK-0' } }];
    serveRequest107001({ issue: withRefs });
    nock(SITE)
      .get('/rest/api/3/issue/HELPDESK-7')
      .query({ fields: 'project' })
      .reply(200, { id: '106997', key: 'HELPDESK-7', fields: { project: { key: 'HELPDESK' } } });
    nock(SITE).get('/rest/api/3/issue/HELPDESK-8').query(true).reply(404, example<{ platform: Ex }>('error-404').platform.response.body);
    const result = await exampleAdapter().fetchTicket!('107001');
    expect(result.kind === 'found' && result.snapshot.ticket.references).toEqual(['106990', '106997']);
  });

  it('maps a configured status name to its category', async () => {
    serveRequest107001();
    const result = await exampleAdapter({ statusToCategory: { 'Waiting for support': 'open' } }).fetchTicket!('107001');
    expect(result.kind === 'found' && result.snapshot.ticket.stateCategory).toBe('open');
  });

  it('reads a 404 with credentials /myself rejects as an auth error, not as a missing request', async () => {
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(404, example<{ platform: Ex }>('error-404').platform.response.body);
    nock(SITE).get('/rest/api/3/myself').reply(401, example<Ex>('error-401').response.body);
    const err = await exampleAdapter().fetchTicket!('107001').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).message).toContain('Client must be authenticated');
  });

  it('reads a 404 as deleted once the credentials and the project check out', async () => {
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(404, example<{ platform: Ex }>('error-404').platform.response.body);
    nock(SITE).get('/rest/api/3/myself').reply(200, { accountId: '5b10a2844c20165700ede21g', timeZone: 'Europe/Paris' });
    nock(SITE).get('/rest/api/3/project/HELPDESK').reply(200, { id: '10006', key: 'HELPDESK' });
    expect(await exampleAdapter().fetchTicket!('107001')).toEqual({ kind: 'deleted' });
  });

  it('reads a 404 on a project the user cannot see as a permission problem', async () => {
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(404, example<{ platform: Ex }>('error-404').platform.response.body);
    nock(SITE).get('/rest/api/3/myself').reply(200, { accountId: '5b10a2844c20165700ede21g' });
    nock(SITE)
      .get('/rest/api/3/project/HELPDESK')
      .reply(404, { errorMessages: ["No project could be found with key 'HELPDESK'."], errors: {} });
    const err = await exampleAdapter().fetchTicket!('107001').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as Error).message).toContain('Browse projects');
  });

  it('turns a 429 into a rate-limit error that waits as long as Retry-After says, naming the limit', async () => {
    const { response } = example<Ex>('error-429');
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(429, response.body, response.headers);
    const err = await exampleAdapter().fetchTicket!('107001').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ retryAfterMs: 5000, transient: true, status: 429, system: 'jsm' });
    expect((err as Error).message).toContain('jira-burst-based');
  });

  it('without Retry-After, waits until X-RateLimit-Reset', async () => {
    const now = () => new Date('2026-11-23T10:30:20Z');
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(429, {}, { 'X-RateLimit-Reset': '2026-11-23T10:31Z' });
    const err = await exampleAdapter({}, now).fetchTicket!('107001').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 40_000 });
  });

  it('a 503 with Retry-After is transient and waits; a 403 from the servicedeskapi is a permission error', async () => {
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(503, '', { 'Retry-After': '2' });
    const down = await exampleAdapter().fetchTicket!('107001').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ServerError);
    expect(down).toMatchObject({ transient: true, retryAfterMs: 2000 });

    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(200, issue());
    nock(SITE).get('/rest/servicedeskapi/request/107001').reply(403, example<{ servicedeskapi: Ex }>('error-403').servicedeskapi.response.body);
    nock(SITE).get('/rest/servicedeskapi/request/107001/comment').query(true).reply(200, example<Ex>('list-comments-servicedeskapi').response.body);
    nock(SITE).get('/rest/api/3/issue/107001/worklog').query(true).reply(200, example<Ex>('list-worklogs').response.body);
    nock(SITE).get('/rest/servicedeskapi/request/107001/sla').query(true).reply(200, example<Ex>('get-sla').response.body);
    const denied = await exampleAdapter().fetchTicket!('107001').catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ForbiddenError);
    expect((denied as Error).message).toContain('You do not have permission to create internal comments.');
  });

  it('names the field when an answer does not have the documented shape', async () => {
    const broken = issue();
    delete (broken.fields as Record<string, unknown>).status;
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(200, broken);
    const err = await exampleAdapter().fetchTicket!('107001').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaError);
    expect((err as SchemaError).field).toBe('fields.status');
  });

  it('refuses an issue of another project than the service desk', async () => {
    nock(SITE).get('/rest/api/3/issue/107001').query(true).reply(200, issue());
    const err = await exampleAdapter({ projectKey: 'SPT' }).fetchTicket!('107001').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not_found' });
    expect((err as Error).message).toContain('not in the service desk');
  });
});
