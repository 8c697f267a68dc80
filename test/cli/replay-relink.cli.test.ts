import { trackIdFor } from '../../src/sync/shared/ticket-identity';
import Redis from 'ioredis';
import { KeySpace, RedisLinkStore } from '../../src/store';
import { eventually } from '../e2e/support/service-process';
import {
  ADMIN_TOKEN,
  API_KEY,
  DOLIBARR_TOKEN,
  HOOK_SECRET,
  eventId,
  startWebhookScenario,
  ticketEvent,
  type Scenario,
} from '../e2e/support/webhook-scenario';
import { deleteKeys, REDIS_URL, runCli } from './support/run-cli';

jest.setTimeout(120_000);

let s: Scenario;
// One attempt per job: a failure is final at once, as after the last retry in production.
const SCENARIO_ENV = { TB__sync__jobAttempts: '1' };
const cli = (...args: string[]) =>
  runCli(args, {
    env: {
      DOLIBARR_URL: s.double.url,
      DOLIBARR_API_KEY: API_KEY,
      ADMIN_TOKEN,
      DOLIBARR_WEBHOOK_TOKEN: DOLIBARR_TOKEN,
      TB_HELPDESK_WEBHOOK_SECRET: HOOK_SECRET,
      REDIS_URL,
      TB__redis__prefix: s.prefix,
      ...SCENARIO_ENV,
    },
  });

const trackId = (id: string) => trackIdFor({ helpdeskId: 'webhook', ticketId: id });
const erpTickets = (id: string) => s.double.state().tickets.filter((t) => t.track_id === trackId(id));
const erpMessages = (erpId: number) =>
  s.double.state().events.filter((e) => e.elementtype === 'ticket' && e.elementid === erpId && e.code.startsWith('TICKET_MSG'));
const article = (id: string, body: string, minutesAgo: number) => ({
  id,
  author: 'Marie Durand',
  body,
  internal: false,
  createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  attachments: [],
});
const outLines = (out: string) => out.split('\n').filter(Boolean);

beforeAll(async () => {
  s = await startWebhookScenario('cli-replay', { env: SCENARIO_ENV });
});
afterAll(async () => {
  await s?.close();
});

describe('ticketbridge replay', () => {
  it('says there is nothing to replay when no job failed', async () => {
    const r = await cli('replay');
    expect(r.code).toBe(0);
    expect(outLines(r.stdout)).toEqual(['0 failed job(s). Replay with --job <id>, --name <job name> or --all.']);
  });

  it('lists a job that failed for good, and --all runs it again to completion', async () => {
    await s.control('/faults', { kind: 'down', method: 'POST', path: '^/tickets$' });
    expect((await s.push(ticketEvent('5001'))).status).toBe(202);
    await eventually(async () => ((await (await s.admin('GET', '/api/jobs/failed')).json()) as unknown[]).length === 1, 'the mirror job to fail');
    await fetch(`${s.double.controlUrl}/faults`, { method: 'DELETE' });
    expect(erpTickets('5001')).toHaveLength(0);

    const list = await cli('replay', '--list');
    expect(list.code).toBe(0);
    const [line, summary] = outLines(list.stdout);
    const failed = JSON.parse(line) as { id: string; name: string; queue: string; payload: unknown; reason: string };
    expect(failed).toMatchObject({ name: 'mirror-ticket', queue: 'mirror', payload: { helpdeskId: 'webhook', ticketId: '5001' } });
    expect(failed.reason).not.toBe('');
    expect(summary).toBe('1 failed job(s). Replay with --job <id>, --name <job name> or --all.');

    const replay = await cli('replay', '--all');
    expect(replay.code).toBe(0);
    expect(outLines(replay.stdout)).toEqual([`replayed 1 job(s): mirror-ticket#${failed.id}`]);
    await eventually(async () => erpTickets('5001').length === 1, 'the replayed job to create the ERP ticket');

    const after = await cli('replay', '--list');
    expect(outLines(after.stdout)).toEqual(['0 failed job(s). Replay with --job <id>, --name <job name> or --all.']);
  });
});

describe('ticketbridge relink', () => {
  const a1 = article('m-1', 'The printer smokes.', 10);
  const a2 = article('m-2', 'Now it is on fire.', 5);

  it('rebuilds the links after Redis was lost, so a re-sent ticket adds no second ERP ticket or message', async () => {
    expect((await s.push(ticketEvent('5002', {}, { articles: [a1, a2] }))).status).toBe(202);
    const [erp] = await eventually(async () => (erpTickets('5002').length ? erpTickets('5002') : undefined), 'the ERP ticket');
    await eventually(async () => erpMessages(erp.id).length === 2, 'both messages in the ERP');

    await s.service.stop();
    expect(await deleteKeys(s.prefix)).toBeGreaterThan(0);
    const r = await cli('relink');
    expect(r.code).toBe(0);
    const lines = outLines(r.stdout);
    expect(lines).toContain(`${erp.ref} ↔ webhook #5002`);
    expect(lines).toContain(`${erpTickets('5001')[0].ref} ↔ webhook #5001`);
    expect(lines[lines.length - 1]).toMatch(/^relinked 2 ticket\(s\), \d+ message\(s\); skipped 0 ERP ticket\(s\) not made by the bridge$/);

    const redis = new Redis(REDIS_URL);
    try {
      const link = await new RedisLinkStore(redis, new KeySpace(s.prefix)).getTicketLink({ helpdeskId: 'webhook', ticketId: '5002' });
      expect(link).toMatchObject({ erpId: erp.id, erpRef: erp.ref, trackId: trackId('5002') });
    } finally {
      await redis.quit();
    }

    // The helpdesk sends the whole ticket again, with one new message.
    await s.restart();
    const a3 = article('m-3', 'Fire brigade called.', 1);
    expect((await s.push({ ...ticketEvent('5002', {}, { articles: [a1, a2, a3] }), eventId: eventId('resend-5002') })).status).toBe(202);
    await eventually(async () => erpMessages(erp.id).length >= 3, 'the new message in the ERP');
    await new Promise((r) => setTimeout(r, 1500));
    expect(erpTickets('5002')).toHaveLength(1);
    const bodies = erpMessages(erp.id).map((m) => [a1, a2, a3].find((a) => m.note_private?.includes(a.body))?.id);
    expect(bodies).toEqual(['m-1', 'm-2', 'm-3']);
  });
});
