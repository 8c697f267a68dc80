import nock from 'nock';
import {
  AuthError,
  ConnectionError,
  ForbiddenError,
  IntegrationError,
  InvalidRequestError,
  NotFoundError,
  SchemaError,
  ServerError,
} from '../../../src/plugin-sdk';
import { startZnunyDouble } from '../../doubles/znuny';
import { BASE, deps, settings } from './helpers';
import { loadRecording } from './recorded';
import { guardNetwork } from '../../support/nock-guard';

const API = new URL(BASE);
const scope = () => nock(API.origin);
const path = (p: string) => `${API.pathname}${p}`;
const recordedBody = (name: string) => loadRecording<{ response: { body: Record<string, unknown> } }>(name).response.body;

guardNetwork();

describe('Znuny client: sessions', () => {
  it('creates one session, sends it as X-OTRS-Header-SessionID, and reuses it', async () => {
    scope().post(path('/Session'), { UserLogin: 'tb-agent', Password: 'tb-password' }).once().reply(200, { SessionID: 'S1' });
    scope().get(path('/Ticket/1')).matchHeader('x-otrs-header-sessionid', 'S1').twice().reply(200, { Ticket: [] });
    const { client } = deps(settings());
    await client.call('TicketGet', { path: { TicketID: '1' } });
    await client.call('TicketGet', { path: { TicketID: '1' } });
  });

  it('re-creates the session once on AuthFail (expired session) and retries', async () => {
    scope().post(path('/Session')).reply(200, { SessionID: 'OLD' });
    scope().get(path('/Ticket/1')).matchHeader('x-otrs-header-sessionid', 'OLD').reply(200, recordedBody('01_ticketget_bad_sessionid'));
    scope().post(path('/Session')).reply(200, { SessionID: 'NEW' });
    scope()
      .get(path('/Ticket/1'))
      .matchHeader('x-otrs-header-sessionid', 'NEW')
      .reply(200, { Ticket: [{ TicketID: 1 }] });
    const { client } = deps(settings());
    await expect(client.call('TicketGet', { path: { TicketID: '1' } })).resolves.toEqual({ Ticket: [{ TicketID: 1 }] });
  });

  it('reports AuthError when the new session is refused as well', async () => {
    scope().post(path('/Session')).twice().reply(200, { SessionID: 'S' });
    scope().get(path('/Ticket/1')).twice().reply(200, recordedBody('01_ticketget_bad_sessionid'));
    const err = await deps(settings())
      .client.call('TicketGet', { path: { TicketID: '1' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
  });

  it('reports a refused SessionCreate as AuthError naming the credentials, and tries again on the next call', async () => {
    scope()
      .post(path('/Session'))
      .reply(200, { Error: { ErrorCode: 'SessionCreate.AuthFail', ErrorMessage: 'SessionCreate: Authorization failing!' } });
    scope().post(path('/Session')).reply(200, { SessionID: 'S2' });
    scope().post(path('/TicketSearch')).reply(200, {});
    const { client } = deps(settings());
    const err = await client.call('TicketSearch', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toMatch(/userLogin and the password/);
    await expect(client.call('TicketSearch', {})).resolves.toEqual({});
  });
});

describe('Znuny client: errors are typed whatever the HTTP status', () => {
  const withSession = () => scope().post(path('/Session')).reply(200, { SessionID: 'S' });
  const cases: [string, Record<string, unknown>, new (...a: never[]) => IntegrationError][] = [
    [
      'AccessDenied on TicketGet (a missing ticket)',
      { Error: { ErrorCode: 'TicketGet.AccessDenied', ErrorMessage: 'TicketGet: User does not have access to the ticket!' } },
      NotFoundError,
    ],
    ['NoPermission', { Error: { ErrorCode: 'TicketGet.NoPermission', ErrorMessage: 'No permission!' } }, ForbiddenError],
    [
      'MissingParameter',
      { Error: { ErrorCode: 'TicketGet.MissingParameter', ErrorMessage: 'TicketGet: TicketID parameter is missing!' } },
      InvalidRequestError,
    ],
    ['InvalidParameter', { Error: { ErrorCode: 'TicketGet.InvalidParameter', ErrorMessage: 'x' } }, InvalidRequestError],
    ['an unknown code', { Error: { ErrorCode: 'TicketGet.Surprise', ErrorMessage: 'x' } }, ServerError],
  ];
  it.each(cases)('maps %s in a 200 body', async (_, body, type) => {
    withSession();
    scope().get(path('/Ticket/5')).reply(200, body);
    const err = await deps(settings())
      .client.call('TicketGet', { path: { TicketID: '5' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect((err as IntegrationError).remoteMessage).toBe((body.Error as { ErrorMessage: string }).ErrorMessage);
  });

  it('maps AccessDenied on a search to ForbiddenError (it names no ticket)', async () => {
    withSession();
    scope()
      .post(path('/TicketSearch'))
      .reply(200, { Error: { ErrorCode: 'TicketSearch.AccessDenied', ErrorMessage: 'x' } });
    await expect(deps(settings()).client.call('TicketSearch', {})).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('maps the 500 text of an unknown route to InvalidRequestError that points at the route map', async () => {
    withSession();
    scope()
      .get(path('/Ticket/5'))
      .reply(500, "HTTP::REST Error while determine Operation for request URI '/Ticket/5'.", { 'content-type': 'text/plain; charset=UTF-8' });
    const err = (await deps(settings())
      .client.call('TicketGet', { path: { TicketID: '5' } })
      .catch((e: unknown) => e)) as IntegrationError;
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/settings\.routes/);
    expect(err.remoteMessage).toMatch(/determine Operation/);
  });

  it("says to check agentFromAddress and CheckMXRecord when Znuny refuses the note's From (recorded, default CheckMXRecord)", async () => {
    withSession();
    scope().patch(path('/Ticket/5')).reply(200, recordedBody('12_ticketupdate_error_from_without_mx_record'));
    const err = (await deps(settings())
      .client.call('TicketUpdate', { path: { TicketID: '5' }, params: {} })
      .catch((e: unknown) => e)) as IntegrationError;
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.message).toMatch(/agentFromAddress.*CheckMXRecord/);
    expect(err.remoteMessage).toBe('TicketUpdate: Article->From parameter is invalid!');
  });

  it('maps any other 500 text to a ServerError carrying the text', async () => {
    withSession();
    scope().get(path('/Ticket/5')).reply(500, 'Software error: DBI connect failed', { 'content-type': 'text/plain' });
    const err = (await deps(settings())
      .client.call('TicketGet', { path: { TicketID: '5' } })
      .catch((e: unknown) => e)) as IntegrationError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.remoteMessage).toBe('Software error: DBI connect failed');
  });

  it('maps a connection closed with no answer to ConnectionError saying to check the web service name', async () => {
    scope().post(path('/Session')).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const err = (await deps(settings())
      .client.call('TicketSearch', {})
      .catch((e: unknown) => e)) as IntegrationError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/check the web service name/);
  });

  it('maps a 200 answer that is not a JSON object to SchemaError', async () => {
    withSession();
    scope().get(path('/Ticket/5')).reply(200, '<html>login</html>');
    await expect(deps(settings()).client.call('TicketGet', { path: { TicketID: '5' } })).rejects.toBeInstanceOf(SchemaError);
  });
});

describe('Znuny client against the double: unknown web service name', () => {
  beforeAll(() => nock.enableNetConnect('127.0.0.1'));
  afterAll(() => nock.disableNetConnect());

  it('gets no answer at all and says to check the web service name', async () => {
    const double = await startZnunyDouble();
    try {
      const wrong = settings({ baseUrl: double.url.replace(/TicketBridge$/, 'NoSuchService') });
      const err = (await deps(wrong)
        .client.call('TicketSearch', {})
        .catch((e: unknown) => e)) as IntegrationError;
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err.message).toMatch(/check the web service name/);
    } finally {
      await double.close();
    }
  });
});
