import { checkDolibarr } from '../../../src/erp/dolibarr';
import { API_ROOT, dolibarr, intercept, loadRecording, makeClient, rawBody, setupNock, TECH_KEY, BASE } from './recording';
import nock from 'nock';

setupNock();

describe('status and modules', () => {
  it('reads the version', async () => {
    intercept('status');
    const { client } = makeClient();
    expect(await client.status()).toEqual({ version: '23.0.0-beta', accessLocked: false });
  });

  it('lists enabled modules from /setup/modules (admin key)', async () => {
    intercept('setup_modules');
    const { client } = makeClient();
    expect((await client.enabledModules()).enabled).toContain('ficheinter');
  });

  it('probes each needed module when /setup/modules is admin-only (403)', async () => {
    const tech = () => nock(BASE, { reqheaders: { DOLAPIKEY: TECH_KEY } });
    const forbidden = rawBody(loadRecording('error_403_no_rights_list'));
    const probe = { limit: '1', properties: 'id' };
    tech().get(`${API_ROOT}/setup/modules`).reply(403, forbidden);
    tech()
      .get(`${API_ROOT}/thirdparties`)
      .query(probe)
      .reply(404, rawBody(loadRecording('empty_list_thirdparties')));
    tech().get(`${API_ROOT}/tickets`).query(probe).reply(200, '[{"id":"1"}]');
    tech().get(`${API_ROOT}/contracts`).query(probe).reply(200, '[]');
    tech().get(`${API_ROOT}/interventions`).query(probe).reply(501, 'API not found (failed to include API file)', { 'content-type': 'text/plain' });
    tech()
      .get(`${API_ROOT}/proposals`)
      .query(probe)
      .reply(403, rawBody(loadRecording('error_disabled_module_orders')));
    tech().get(`${API_ROOT}/invoices`).query(probe).reply(200, '[]');
    tech().get(`${API_ROOT}/agendaevents`).query(probe).reply(200, '[]');
    const { client } = makeClient({ apiKey: TECH_KEY });
    expect(await client.enabledModules()).toEqual({ enabled: ['api', 'societe', 'ticket', 'contrat', 'facture', 'agenda'], unverified: ['webhook'] });
  });
});

describe('checkDolibarr', () => {
  it('reports a healthy instance', async () => {
    intercept('status');
    intercept('setup_modules');
    const { client } = makeClient();
    const report = await checkDolibarr(client);
    expect(report).toMatchObject({ ok: true, reachable: true, keyValid: true, version: '23.0.0-beta', missingRequired: [], missingRecommended: [] });
    expect(report.lines.every((l) => l.startsWith('OK'))).toBe(true);
  });

  it('names each missing required and recommended module', async () => {
    intercept('status');
    dolibarr()
      .get(`${API_ROOT}/setup/modules`)
      .reply(200, JSON.stringify(['api', 'societe', 'ticket', 'contrat', 'facture', 'agenda']));
    const { client } = makeClient();
    const report = await checkDolibarr(client);
    expect(report.ok).toBe(false);
    expect(report.missingRequired).toEqual(['ficheinter', 'propal']);
    expect(report.missingRecommended).toEqual(['webhook']);
    expect(report.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^FAIL .*"ficheinter"/),
        expect.stringMatching(/^FAIL .*"propal"/),
        expect.stringMatching(/^WARN .*"webhook"/),
      ]),
    );
  });

  it('reports a rejected key', async () => {
    intercept('status');
    dolibarr()
      .get(`${API_ROOT}/setup/modules`)
      .reply(401, rawBody(loadRecording('error_401_bad_key')));
    const { client } = makeClient();
    const report = await checkDolibarr(client);
    expect(report).toMatchObject({ ok: false, reachable: true, keyValid: false });
    expect(report.lines.join('\n')).toMatch(/FAIL Dolibarr API key rejected/);
  });

  it('reports an unreachable server', async () => {
    dolibarr().get(`${API_ROOT}/status`).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const { client } = makeClient({ maxRetries: 0 });
    const report = await checkDolibarr(client);
    expect(report).toMatchObject({ ok: false, reachable: false, keyValid: false, version: null });
  });
});
