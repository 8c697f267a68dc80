import nock from 'nock';
import {
  AuthError,
  ConnectionError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  SchemaError,
  ServerError,
  TimeoutError,
} from '../../../src/plugin-sdk';
import { guardNetwork } from '../../support/nock-guard';
import { HOST, pqAdapter, recordedBody, recordedItems } from './recorded';

guardNetwork();

const json = { 'Content-Type': 'application/json; charset=UTF-8' };
const html = { 'Content-Type': 'text/html; charset=UTF-8' };
const statuses = () => nock(HOST).get('/api/Status/all').reply(200, recordedBody('setup_list_statuses'), json);
const ticket1 = () => nock(HOST).get('/api/Ticket/1').reply(200, recordedBody('ticket_get_by_id'), json);

async function failure(p: Promise<unknown>): Promise<Error & { kind?: string; transient?: boolean; remoteMessage?: string }> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: Error) => err,
  );
}

describe('ProjeQtor errors: every answer is HTTP 200, the body decides (section 4)', () => {
  it.each([
    ['auth_error_unknown_user', "user 'nobody' unknown in database"],
    ['auth_error_user_disabled', "user 'retired' disabled"],
    ['auth_error_no_credentials', "user '' unknown in database"],
  ])('reads the invalid-JSON request error of %s as a permanent AuthError', async (name, message) => {
    nock(HOST).get('/api/Ticket/1').reply(200, recordedBody(name), html);
    const err = await failure(pqAdapter().getIssue('1'));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.transient).toBe(false);
    expect(err.remoteMessage).toBe(message);
    expect(err.message).toContain('ticketbridge');
  });

  it('reads a refused write key ("Request for correct API KEY") as an AuthError naming the key and aesBits', async () => {
    nock(HOST).post('/api/Ticket').reply(200, recordedBody('write_error_encrypted_with_wrong_key'), json);
    const err = await failure(pqAdapter().createIssue({ title: 't', description: 'd', externalRef: 'HD-1', urgency: 'normal' }));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/API key.*aesBits/);
  });

  it('reads the usage text and unknown classes as a permanent bad request, escapes decoded', async () => {
    nock(HOST).get('/api/Ticket/1').reply(200, recordedBody('ticket_get_error_non_numeric_id'), json);
    const usage = await failure(pqAdapter().getIssue('1'));
    expect(usage).toBeInstanceOf(InvalidRequestError);
    expect(usage.remoteMessage).toMatch(/^Possible values are : GET \.\.\/api\/\{objectClass\}\/\{objectId\}/);
    nock(HOST).get('/api/Ticket/1').reply(200, recordedBody('get_error_unknown_class'), json);
    expect((await failure(pqAdapter().getIssue('1'))).remoteMessage).toBe("'Foo' is not a valid class name ${2}");
  });

  it('keeps the words of a request error whose inner message is not a valid JSON string either', async () => {
    nock(HOST).get('/api/Ticket/1').reply(200, '{"error":"invalid API query", "message":""class "Foo" unknown""}', json);
    expect((await failure(pqAdapter().getIssue('1'))).remoteMessage).toBe('class "Foo" unknown');
  });

  it('survives the truncated PHP error in place of JSON (SchemaError with its words, no crash)', async () => {
    nock(HOST).get('/api/Ticket/1').reply(200, recordedBody('ticket_delete_again_unknown_id'), json);
    const err = await failure(pqAdapter().getIssue('1'));
    expect(err).toBeInstanceOf(SchemaError);
    expect(err.remoteMessage).toMatch(/^\{"identifier":"id", "items":\[ ERROR : str_ireplace\(\)/);
    expect(err.remoteMessage).not.toContain('<div');
  });

  it('reads a PHP fatal-error page as a SchemaError too', async () => {
    nock(HOST).get('/api/Ticket/1').reply(200, '<br />\n<b>Fatal error</b>: Allowed memory size exhausted', html);
    expect(await failure(pqAdapter().getIssue('1'))).toBeInstanceOf(SchemaError);
  });

  it('turns INVALID into a permanent error with the HTML stripped from apiResultMessage', async () => {
    nock(HOST).post('/api/Ticket').reply(200, recordedBody('ticket_create_error_missing_idStatus'), json);
    const err = await failure(pqAdapter().createIssue({ title: 't', description: 'd', externalRef: 'HD-1', urgency: 'normal' }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.remoteMessage).toBe("Invalid controls. the field 'status' is mandatory");
  });

  it('turns the rights answer (also given for an unknown project) into a ForbiddenError naming the project', async () => {
    nock(HOST).post('/api/Ticket').reply(200, recordedBody('ticket_create_error_unknown_project'), json);
    const err = await failure(pqAdapter().createIssue({ title: 't', description: 'd', externalRef: 'HD-1', urgency: 'normal' }));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.remoteMessage).toBe("Invalid controls. you don't have rights to create this item (Ticket)");
    expect(err.message).toContain('project 1');
  });

  it('turns ERROR "not found" into NotFoundError', async () => {
    ticket1();
    statuses();
    nock(HOST).post('/api/Note').reply(200, recordedBody('ticket_update_unknown_id'), json);
    expect(await failure(pqAdapter().addNote('1', 'n', 'public'))).toBeInstanceOf(NotFoundError);
  });

  it('takes NO_CHANGE as success', async () => {
    ticket1();
    statuses();
    nock(HOST).post('/api/Note').reply(200, recordedBody('ticket_update_no_change'), json);
    await expect(pqAdapter().addNote('1', 'n', 'public')).resolves.toBeUndefined();
  });

  it('reads 401 and 403 from the web server in front as AuthError naming the password variable', async () => {
    nock(HOST).get('/api/Ticket/1').reply(401, '<html><title>401 Unauthorized</title></html>', { 'WWW-Authenticate': 'Basic realm="api"' });
    const unauthorized = await failure(pqAdapter().getIssue('1'));
    expect(unauthorized).toBeInstanceOf(AuthError);
    expect(unauthorized.message).toContain('TB_DEVTRACKER_PQ_PASSWORD');
    nock(HOST).get('/api/Ticket/1').reply(403, 'Forbidden');
    expect(await failure(pqAdapter().getIssue('1'))).toBeInstanceOf(AuthError);
  });

  it('applies the one transient rule to other statuses: 503 retried, 500 not', async () => {
    nock(HOST).get('/api/Ticket/1').reply(503, 'Service Unavailable');
    const unavailable = await failure(pqAdapter().getIssue('1'));
    expect(unavailable).toBeInstanceOf(ServerError);
    expect(unavailable.transient).toBe(true);
    nock(HOST).get('/api/Ticket/1').reply(500, 'Internal Server Error');
    expect((await failure(pqAdapter().getIssue('1'))).transient).toBe(false);
  });

  it('reports no answer as transient timeout or connection errors', async () => {
    nock(HOST).get('/api/Ticket/1').delay(3000).reply(200, '{}');
    expect(await failure(pqAdapter({ timeoutMs: 50 }).getIssue('1'))).toBeInstanceOf(TimeoutError);
    nock(HOST).get('/api/Ticket/1').replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const refused = await failure(pqAdapter().getIssue('1'));
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused.transient).toBe(true);
  });

  it('refuses an answer whose items lack the ticket fields (SchemaError naming the field)', async () => {
    const item = { ...recordedItems('ticket_get_by_id')[0]!, idStatus: 'three' };
    nock(HOST)
      .get('/api/Ticket/1')
      .reply(200, JSON.stringify({ identifier: 'id', items: [item] }), json);
    expect(await failure(pqAdapter().getIssue('1'))).toMatchObject({ kind: 'schema', field: 'idStatus' });
  });
});
