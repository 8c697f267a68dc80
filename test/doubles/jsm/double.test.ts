import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validHubSignature } from '../../../plugins/jsm/signature';
import { DOUBLE_CREDENTIALS, startJsmDouble, type JsmDouble } from '.';

const auth = (token = DOUBLE_CREDENTIALS.apiToken) => ({
  Authorization: `Basic ${Buffer.from(`${DOUBLE_CREDENTIALS.email}:${token}`).toString('base64')}`,
});

describe('JSM double', () => {
  let double: JsmDouble;
  let receiver: http.Server;
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    double = await startJsmDouble({
      webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: 's3cret-for-the-double' },
    });
  });
  afterAll(async () => {
    await double.close();
    await new Promise((r) => receiver.close(r));
  });

  it('answers bad credentials as Jira does: 401 on /myself, 404 on an issue', async () => {
    const issue = double.control.createRequest({ summary: 'x', reporter: { email: 'a@acme.example' } });
    expect((await fetch(`${double.url}/rest/api/3/myself`, { headers: auth('wrong') })).status).toBe(401);
    const res = await fetch(`${double.url}/rest/api/3/issue/${issue.id}`, { headers: auth('wrong') });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
    expect((await fetch(`${double.url}/rest/api/3/issue/${issue.id}`, { headers: auth() })).status).toBe(200);
  });

  it('signs its deliveries with the webhook secret; worklog deliveries carry only the worklog', async () => {
    const issue = double.control.createRequest({ summary: 'signed', reporter: { email: 'a@acme.example' } });
    double.control.addWorklog(issue.id, { seconds: 600 });
    await double.hooks.idle();
    const worklog = received.find((r) => r.body.includes('"worklog_created"'))!;
    expect(validHubSignature('s3cret-for-the-double', Buffer.from(worklog.body), String(worklog.headers['x-hub-signature']))).toBe(true);
    expect(Object.keys(JSON.parse(worklog.body)).sort()).toEqual(['timestamp', 'webhookEvent', 'worklog']);
    expect(JSON.parse(worklog.body).worklog.issueId).toBe(issue.id);
  });

  it('reads JQL date literals in the user time zone, to the minute, and refuses JQL it does not know', async () => {
    double.control.store.setClock(new Date('2026-11-23T09:00:30Z'));
    const issue = double.control.createRequest({ summary: 'at 10:00 Paris', reporter: { email: 'a@acme.example' } });
    double.control.store.setClock(undefined);
    const search = async (jql: string) =>
      fetch(`${double.url}/rest/api/3/search/jql?${new URLSearchParams({ jql, fields: 'updated' })}`, { headers: auth() });
    const ids = async (jql: string) => ((await (await search(jql)).json()) as { issues: Array<{ id: string }> }).issues.map((i) => i.id);
    expect(await ids('project = SPT AND updated >= "2026/11/23 10:00" ORDER BY updated ASC, key ASC')).toContain(issue.id);
    expect(await ids('project = SPT AND updated >= "2026/11/23 10:01" ORDER BY updated ASC, key ASC')).not.toContain(issue.id);
    expect((await search('project = SPT AND text ~ "x" ORDER BY key ASC')).status).toBe(400);
  });

  it('offers no transition out of Fermé: closed requests are never reopened', async () => {
    const issue = double.control.createRequest({ summary: 'closed', reporter: { email: 'a@acme.example' }, status: 'Fermé' });
    const res = await fetch(`${double.url}/rest/api/3/issue/${issue.id}/transitions`, { headers: auth() });
    expect(await res.json()).toMatchObject({ transitions: [] });
  });
});
