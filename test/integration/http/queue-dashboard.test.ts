import { execFileSync } from 'node:child_process';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { queueDashboard } from '../../../src/http/queue-dashboard';
import { jobEnv } from '../jobs/job-env';

const ROOT = path.resolve(__dirname, '../../..');

describe('the queue dashboard', () => {
  const env = jobEnv('queue-dashboard');

  afterAll(async () => {
    await env.queues.close();
    await env.cleanup();
  });

  it("is built on the first request and shows the bridge's queues", async () => {
    const app = express();
    app.use('/admin/queues', queueDashboard(env.queues));
    const page = await request(app).get('/admin/queues/').expect(200);
    expect(page.text).toContain('<div id="root">');
    const api = await request(app).get('/admin/queues/api/queues').expect(200);
    const names = (api.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(Object.keys(env.queues.queues).sort());
  });

  it('is not loaded, nor are public holidays, when a service starts with the shipped configuration', () => {
    // A process of its own: this one has loaded both for the tests above and beside. The shipped configuration names
    // public holidays for a calendar of its service levels, which are off.
    const script = [
      "const { loadConfig } = require('./src/config');",
      "const config = loadConfig({ env: { DOLIBARR_API_KEY: 'k' } });",
      "if (config.sla.calendars.default.holidays?.country !== 'FR') throw new Error('the shipped calendar has no holidays');",
      "require('./src/service');",
      "require('./src/cli/start');",
      'const loaded = Object.keys(require.cache);',
      "process.stdout.write(JSON.stringify(['@bull-board', 'date-holidays'].filter((m) => loaded.some((f) => f.includes('/node_modules/' + m + '/')))));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });
});
