import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { startZnunyDouble, type ZnunyDouble } from '../doubles/znuny';
import { KeySpace } from '../../src/store';
import { deleteKeys, REDIS_URL, runCli, uniquePrefix, type CliResult } from './support/run-cli';

jest.setTimeout(90_000);

const prefix = uniquePrefix('backfill');
const PASSWORD = 'tb-password';
let znuny: ZnunyDouble;
let redis: Redis;
let mirror: Queue;

const baseEnv = {
  DOLIBARR_URL: 'http://127.0.0.1:9/api/index.php',
  DOLIBARR_API_KEY: 'cli-dolibarr-key-0123456789abcdef',
  REDIS_URL,
  TB__redis__prefix: prefix,
};
// Znuny is the only helpdesk: the generic webhook one shipped in config/default.yaml is switched off.
const znunyConfig = () => ({
  helpdesks: {
    webhook: { enabled: false },
    znuny: { plugin: 'znuny', settings: { baseUrl: znuny.url, userLogin: 'tb-agent', agentFromAddress: 'bridge@helpdesk.example', pollLimit: 2 } },
  },
});
const znunyEnv = { ...baseEnv, TB_HELPDESK_ZNUNY_PASSWORD: PASSWORD, TB_HELPDESK_ZNUNY_WEBHOOK_SECRET: 'cli-znuny-invoker-secret-0123456789' };
const backfillZnuny = (...args: string[]) => runCli(['backfill', ...args], { env: znunyEnv, config: znunyConfig() });

/** The mirror jobs waiting in the bridge's queue (nothing runs them here: no service is started). */
async function queuedTicketIds(): Promise<string[]> {
  const jobs = await mirror.getJobs(['delayed', 'waiting', 'prioritized']);
  return jobs
    .filter((j) => j.name === 'mirror-ticket')
    .map((j) => (j.data as { ticketId: string }).ticketId)
    .sort((a, b) => Number(a) - Number(b));
}
const summary = (r: CliResult) => r.stdout.split('\n').filter((l) => l.startsWith('znuny:'));

const created: string[] = [];
function createTicketAt(at: string, title: string): string {
  znuny.control.setClock(new Date(at));
  const { ticketId } = znuny.control.createTicket({
    title,
    customerUser: 'marie.durand@acme.example',
    queue: 'Raw',
    articles: [{ body: title, from: 'marie.durand@acme.example' }],
  });
  znuny.control.setClock(null);
  return ticketId;
}

beforeAll(async () => {
  znuny = await startZnunyDouble({ agent: { login: 'tb-agent', password: PASSWORD } });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  mirror = new Queue('mirror', { connection: redis, prefix: new KeySpace(prefix).queuePrefix });
  createTicketAt('2025-12-20T09:00:00Z', 'Before the backfill date');
  for (const [i, at] of [
    '2026-01-05T09:00:00Z',
    '2026-01-06T09:00:00Z',
    '2026-01-07T09:00:00Z',
    '2026-01-08T09:00:00Z',
    '2026-01-09T09:00:00Z',
  ].entries()) {
    created.push(createTicketAt(at, `Ticket ${i + 1}`));
  }
});

afterAll(async () => {
  await mirror?.close();
  await redis?.quit();
  await znuny?.close();
  await deleteKeys(prefix);
});

describe('ticketbridge backfill', () => {
  it('refuses a helpdesk that only pushes, and a --since that is not a date, without queuing anything', async () => {
    const webhookEnv = { ...baseEnv, TB_HELPDESK_WEBHOOK_SECRET: 'cli-helpdesk-secret-0123456789' };
    const [pushOnly, badDate] = await Promise.all([
      runCli(['backfill', '--since', '2026-01-01'], { env: webhookEnv }),
      runCli(['backfill', '--since', 'last tuesday'], { env: webhookEnv }),
    ]);
    expect(pushOnly.code).toBe(1);
    expect(pushOnly.stderr).toContain('push-only helpdesks (generic webhook) re-send their tickets instead');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('--since: "last tuesday" is not a date');
    expect(await queuedTicketIds()).toEqual([]);
  });

  it('queues a mirror job for every Znuny ticket changed since the date, over several pages', async () => {
    const r = await backfillZnuny('--since', '2026-01-01');
    expect(r.code).toBe(0);
    // pollLimit 2: Znuny has no paging, so the plugin walks the change times a few tickets at a time.
    expect(summary(r)).toHaveLength(1);
    expect(summary(r)[0]).toMatch(/^znuny: 5 ticket\(s\) queued in ([3-9]) page\(s\)$/);
    expect(await queuedTicketIds()).toEqual(created);
  });

  it('queues nothing new when run again, then only the ticket that changed since', async () => {
    const again = await backfillZnuny('--since', '2026-01-01');
    expect(again.code).toBe(0);
    expect(summary(again)).toEqual(['znuny: 0 ticket(s) queued in 1 page(s) (resumed)']);

    await mirror.obliterate({ force: true });
    znuny.control.addArticle(created[1], { body: 'Any news?', from: 'marie.durand@acme.example' });
    const later = await backfillZnuny('--since', '2026-01-01');
    expect(later.code).toBe(0);
    expect(summary(later)).toHaveLength(1);
    expect(summary(later)[0]).toMatch(/^znuny: 1 ticket\(s\) queued in \d+ page\(s\) \(resumed\)$/);
    expect(await queuedTicketIds()).toEqual([created[1]]);
  });
});
