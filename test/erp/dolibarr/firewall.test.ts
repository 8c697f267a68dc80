import { RefusedValueError } from '../../../src/erp/dolibarr/error-mapping';
import { firewallRule } from '../../../src/erp/dolibarr/firewall';
import { PassThrough } from 'node:stream';
import { createRootLogger } from '../../../src/logging/logger';
import { API_ROOT, dolibarr, loadRecording, makeClient, rawBody, setupNock } from './recording';

setupNock();

const page0 = { limit: '100', page: '0' };

describe('firewall rules (from htdocs/waf.inc.php)', () => {
  it.each([
    ['tickets/track_id/tb:webhook:31', ':'],
    ['thirdparties/email/john(work)@acme.example', '('],
    ["contacts/email/o'brien@example.ie", "'"],
    ['products/ref/50%-OFF', '%'],
    ['users/login/a&#40;b', '( written as an entity'],
    ['users/login/x<script>', '<script'],
  ])('refuses the path %s (%s)', (path) => {
    expect(firewallRule(`/${path}`, 'path')).not.toBeNull();
  });

  it.each([
    ["sqlfilters=(t.email:=:'sales@union-selectors.example')", 'union … select'],
    ['sqlfilters=(t.email:=:\'"quoted"@acme.example\')', 'double quote'],
    ["sqlfilters=(t.email:=:'a@b.c<svg')", '<svg'],
    ["sqlfilters=(t.email:=:'x onerror=1@b.c')", 'event handler'],
    ["sqlfilters=(t.email:=:'x on<b>error=1@b.c')", 'event handler hidden by a tag'],
    ["sqlfilters=(t.email:=:'a\u0001@b.c')", 'control character'],
    ["sqlfilters=(t.email:=:'a&#x6a;avascript:1')", 'javascript: behind an entity'],
  ])('refuses the query %s (%s)', (query) => {
    expect(firewallRule(query, 'query')).not.toBeNull();
  });

  it.each([
    ["sqlfilters=(t.email:=:'o'brien@example.ie')&limit=100&page=0"],
    ["sqlfilters=(t.tms:>=:'2026-11-23 10:00:00')&sortfield=t.rowid&sortorder=ASC&loadlinkedobjects=1"],
    ["sqlfilters=(t.phone:like:'%4%0%0%1')"],
  ])("lets the bridge's ordinary query %s through", (query) => {
    expect(firewallRule(query, 'query')).toBeNull();
  });

  it('lets ordinary paths through (track ids, e-mails, refs)', () => {
    for (const path of [
      '/tickets/track_id/tb_webhook_542d31',
      '/contacts/email/marie.durand@acme.example',
      '/products/ref/SUPPORT-H',
      '/tickets/ref/HD-T_1001',
    ]) {
      expect(firewallRule(path, 'path')).toBeNull();
    }
  });
});

describe('the rules agree with the real Dolibarr 23 (recorded answers)', () => {
  const recorded = [
    'error_403_waf_colon_in_path',
    'waf_403_query_union_select',
    'waf_403_query_double_quote',
    'waf_403_query_event_handler',
    'waf_403_query_control_char',
    'waf_403_path_parentheses_email',
    'waf_403_path_apostrophe_email',
    'waf_403_path_percent',
    'waf_403_path_display_name',
    'waf_403_path_entity_paren',
    'waf_pass_query_apostrophe',
    'waf_pass_path_union_select_email',
    'email_endpoint_400_not_an_address',
  ];

  it.each(recorded)('%s', (name) => {
    const rec = loadRecording(name);
    const url = new URL(rec.request.url);
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/index\.php/, ''));
    // As PHP reads QUERY_STRING: url-decoded, keys and values.
    const query = decodeURIComponent(url.search.slice(1).replace(/\+/g, ' '));
    const refusedByFirewall = rec.response.status === 403 && String(rec.response.body).includes('SQL or Script injection protection');
    const predicted = firewallRule(path, 'path') ?? (query ? firewallRule(query, 'query') : null);
    expect(predicted !== null).toBe(refusedByFirewall);
  });

  it('answers what Dolibarr refuses as "not found" without sending it', async () => {
    const { client } = makeClient();
    expect(await client.findContactsByEmail("o'brien(x)@example.ie")).toEqual([]);
  });
});

describe('the client never sends what the firewall refuses', () => {
  it('answers "not found" for a track id Dolibarr would refuse, without calling (recorded: 403 HTML page)', async () => {
    const recorded = loadRecording('error_403_waf_colon_in_path');
    expect(recorded.response.status).toBe(403);
    const { client } = makeClient();
    await expect(client.getTicketByTrackId('tb:webhook:31')).resolves.toBeNull();
  });

  it('searches an address the query firewall refuses through /thirdparties/email/{email} instead', async () => {
    dolibarr()
      .get(`${API_ROOT}/thirdparties/email/sales%40union-selectors.example`)
      .reply(200, rawBody(loadRecording('thirdparties_get_by_email_endpoint')));
    const { client } = makeClient();
    expect((await client.findThirdPartiesByEmail('sales@union-selectors.example')).map((t) => t.id)).toEqual([1]);
  });

  it('searches contacts the same way', async () => {
    dolibarr()
      .get(`${API_ROOT}/contacts/email/sales%40union-selectors.example`)
      .reply(404, '{"error":{"code":404,"message":"Not Found: Contact not found"}}');
    const { client } = makeClient();
    expect(await client.findContactsByEmail('sales@union-selectors.example')).toEqual([]);
  });

  it('answers "not found" with no call at all for an address neither way can carry, and logs why without the address', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const logger = createRootLogger({ level: 'warn', stream });
    const { client } = makeClient({}, { logger });
    expect(await client.findThirdPartiesByEmail('john(work)@acme.example')).toEqual([]);
    expect(await client.findContactsByEmail('a(b)@c.d')).toEqual([]);
    expect(await client.findThirdPartiesByEmailDomain('x(y).z')).toEqual([]);
    expect(lines.join('\n')).toMatch(/treated as not found/);
    expect(lines.join('\n')).not.toMatch(/john|a\(b\)/);
  });

  it('does not ask /contacts/email/{email} for what is not an address there (Dolibarr: 400 "Expecting email")', async () => {
    const { client } = makeClient();
    expect(await client.findContactsByEmail('marie (sales)')).toEqual([]);
  });

  it('a firewall 403 on a list call is a RefusedValueError (permanent), not ForbiddenError', async () => {
    dolibarr()
      .get(`${API_ROOT}/contacts`)
      .query({ sqlfilters: "(t.email:=:'x@y.example')", ...page0 })
      .reply(403, rawBody(loadRecording('error_403_waf_colon_in_path')), { 'content-type': 'text/html; charset=UTF-8' });
    dolibarr().get(`${API_ROOT}/contacts/email/x%40y.example`).reply(404, '{"error":{"code":404,"message":"Not Found: Contact not found"}}');
    const { client } = makeClient();
    expect(await client.findContactsByEmail('x@y.example')).toEqual([]);
    expect(new RefusedValueError('r', { method: 'GET', path: '/x' }).transient).toBe(false);
  });
});
