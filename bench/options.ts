import { z } from 'zod';

/** A flag without a value (`--baseline`) or `BENCH_BASELINE=true`: off unless given. */
const aSwitch = () =>
  z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default('false');

/** Benchmark options: `--tickets 1000` on the command line, or BENCH_TICKETS=1000 in the environment. */
const optionsSchema = z
  .object({
    tickets: z.coerce.number().int().positive().default(1000),
    messages: z.coerce.number().int().min(0).default(3),
    /** Tickets pushed at once by the simulated helpdesk (each ticket's own events are sent in order). */
    concurrency: z.coerce.number().int().positive().default(20),
    /** Service tuning, written to its site config. */
    workerConcurrency: z.coerce.number().int().positive().default(8),
    erpConcurrency: z.coerce.number().int().positive().optional(),
    erpRate: z.coerce.number().int().positive().optional(),
    /** Give up waiting for the ERP after this long once every event is accepted. */
    timeoutSeconds: z.coerce.number().int().positive().default(600),
    pollMs: z.coerce.number().int().positive().optional(),
    refPrefix: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,10}$/)
      .default('BENCH'),
    redisUrl: z.string().url().default('redis://127.0.0.1:6379'),
    /** The Redis database the run's keys go to (the service's default prefix, so none other may hold such keys). */
    redisDb: z.coerce.number().int().min(0).max(15).default(9),
    dolibarrUrl: z.string().url().optional(),
    dolibarrApiKey: z.string().min(1).optional(),
    /** Also run the naive script (bench/naive-script.ts) against the same ERP first, and print the ratio. */
    baseline: aSwitch(),
    /** Also run the floor relay (bench/floor-relay.ts), a bridge without guarantees, against the same ERP first, and print the ratios. */
    floor: aSwitch(),
    /** Run the service from the build (dist/, built first) as `npm start` does, or through ts-node (its compiler adds ~80 MiB RSS). */
    service: z.enum(['dist', 'ts-node']).default('dist'),
    /** Concurrency of the naive script (Dolibarr calls at once). */
    baselineConcurrency: z.coerce.number().int().positive().default(4),
    /** Latency when not backlogged: push the tickets evenly over `spreadSeconds` (each ticket's events back to back) instead of all at once. */
    spread: aSwitch(),
    spreadSeconds: z.coerce.number().positive().default(10),
    /** Node flags of the service process, e.g. `--cpu-prof --cpu-prof-dir=prof` to see where its time goes (NODE_OPTIONS refuses that one). */
    serviceNodeOptions: z
      .string()
      .transform((v) => v.split(/\s+/).filter(Boolean))
      .optional(),
    /** Names of the local processes that serve the real Dolibarr (`php,mariadbd`): their CPU per ticket is printed for both runs. */
    erpProcesses: z
      .string()
      .regex(/^[\w.-]+(,[\w.-]+)*$/)
      .transform((v) => v.split(','))
      .optional(),
    /**
     * Tickets each contender handles first, unmeasured (the naive script, the floor relay, the service): a service runs
     * for weeks, and the first seconds of a process (compiling its hot code) are no part of its steady throughput.
     */
    warmup: z.coerce.number().int().min(0).default(0),
    /**
     * The Dolibarr double as the real Dolibarr of the README's rows serves: it sends no webhooks and closes every
     * connection (PHP's built-in server answers `Connection: close`). For comparing the service's CPU between commits
     * on the double, as it would be spent against that Dolibarr.
     */
    doubleLikeReal: aSwitch(),
    /**
     * The simulated helpdesk takes batches (the webhook plugin's `outboundBatch`): the facts a run reports for a ticket
     * come in one request instead of one each, to the service's receiver and to the floor relay's.
     */
    outboundBatch: aSwitch(),
    /** The simulated helpdesk sends each ticket with its messages in one `ticket.upserted` (its snapshot's articles). */
    ticketWithMessages: aSwitch(),
    /**
     * Measured rounds, each the naive script and the floor relay (when asked for) then the service, one after the
     * other in one run: runs of one commit against a real Dolibarr on shared CPUs differ by more than most changes, and
     * the median of interleaved rounds says more than any one of them.
     */
    rounds: z.coerce.number().int().min(1).max(20).default(1),
    /** Instead of the push run: this many tickets in a poll-only helpdesk double, mirrored by `ticketbridge backfill`. */
    backfill: z.coerce.number().int().positive().optional(),
  })
  .strict()
  .refine((o) => !o.dolibarrUrl || o.dolibarrApiKey, { message: 'DOLIBARR_API_KEY is required with DOLIBARR_URL', path: ['dolibarrApiKey'] });

export type BenchOptions = z.infer<typeof optionsSchema>;

const ENV: Record<string, string> = {
  BENCH_TICKETS: 'tickets',
  BENCH_MESSAGES: 'messages',
  BENCH_CONCURRENCY: 'concurrency',
  BENCH_WORKER_CONCURRENCY: 'workerConcurrency',
  BENCH_ERP_CONCURRENCY: 'erpConcurrency',
  BENCH_ERP_RATE: 'erpRate',
  BENCH_TIMEOUT_SECONDS: 'timeoutSeconds',
  BENCH_POLL_MS: 'pollMs',
  BENCH_REF_PREFIX: 'refPrefix',
  REDIS_URL: 'redisUrl',
  BENCH_REDIS_DB: 'redisDb',
  DOLIBARR_URL: 'dolibarrUrl',
  DOLIBARR_API_KEY: 'dolibarrApiKey',
  BENCH_BASELINE: 'baseline',
  BENCH_FLOOR: 'floor',
  BENCH_SERVICE: 'service',
  BENCH_SPREAD: 'spread',
  BENCH_BACKFILL: 'backfill',
  BENCH_SERVICE_NODE_OPTIONS: 'serviceNodeOptions',
  BENCH_ERP_PROCESSES: 'erpProcesses',
  BENCH_WARMUP: 'warmup',
  BENCH_DOUBLE_LIKE_REAL: 'doubleLikeReal',
  BENCH_OUTBOUND_BATCH: 'outboundBatch',
  BENCH_TICKET_WITH_MESSAGES: 'ticketWithMessages',
  BENCH_ROUNDS: 'rounds',
};

/** Flags that take no value. */
const SWITCHES = new Set(['baseline', 'floor', 'spread', 'doubleLikeReal', 'outboundBatch', 'ticketWithMessages']);

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const raw: Record<string, string> = {};
  for (const [name, key] of Object.entries(ENV)) if (env[name]) raw[key] = env[name]!;
  for (let i = 0; i < argv.length; i += 1) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]} (use --name value)`);
    const value = m[2] ?? (SWITCHES.has(camel(m[1])) ? 'true' : argv[++i]);
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    raw[camel(m[1])] = value;
  }
  // A spread run is about one ticket at a time: 20 tickets over 10 s unless told otherwise.
  if (raw.spread === 'true' && raw.tickets === undefined) raw.tickets = '20';
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`bad benchmark options:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(options)'}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
