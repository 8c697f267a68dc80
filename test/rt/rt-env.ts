import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Is the test RT (test/rt/setup-rt.sh) running? One place for that question, for the RT integration tests,
 * the plugin contract run and the end-to-end tests. Locally, tests that need RT are skipped with a message
 * naming `npm run rt:setup`; with RT_REQUIRED=1 (CI) they fail and say why RT is missing.
 */
export interface RtTestEnv {
  url: string;
  /** Token of the bridge's API user (queue rights only, time zone UTC). */
  token: string;
  /** The queue of the test file that asked (see RtQueueOwner): the bridge, the staff and the plugin use only it. */
  queue: string;
  bridgeUser: string;
  /** A SuperUser that tests use to act as a technician or customer. */
  staffUser: string;
  staffToken: string;
  customFields: { erpRef: string; contract: string; duration: string; quote: string };
}

/**
 * Each RT test file has its own queue: jest runs files in parallel, and a bridge under test writes on every ticket
 * of its queue, so a shared queue lets one file change the tickets another asserts on.
 */
export type RtQueueOwner = 'plugin' | 'contract' | 'e2e';

const QUEUE_VARIABLE: Record<RtQueueOwner, string> = { plugin: 'RT_QUEUE', contract: 'RT_CONTRACT_QUEUE', e2e: 'RT_E2E_QUEUE' };

export type RtAvailability = { available: true; env: RtTestEnv } | { available: false; reason: string };

const RT_SETUP_HINT = 'run `npm run rt:setup` (test/rt/setup-rt.sh) to install and start it';

function rtEnvFile(): string {
  return process.env.RT_ENV_FILE ?? '/tmp/ticketbridge-rt/env';
}

function rtRequired(): boolean {
  return process.env.RT_REQUIRED === '1';
}

function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

function toEnv(v: Record<string, string>, owner: RtQueueOwner): RtTestEnv | string {
  const queueVariable = QUEUE_VARIABLE[owner];
  const missing = ['RT_URL', 'RT_TOKEN', queueVariable, 'RT_STAFF_TOKEN'].filter((k) => !v[k]);
  if (missing.length) return `${missing.join(', ')} missing (written by an older setup-rt.sh?)`;
  return {
    url: v.RT_URL!,
    token: v.RT_TOKEN!,
    queue: v[queueVariable]!,
    bridgeUser: v.RT_BRIDGE_USER ?? 'ticketbridge',
    staffUser: v.RT_STAFF_USER ?? 'tb-staff',
    staffToken: v.RT_STAFF_TOKEN!,
    customFields: {
      erpRef: v.RT_CF_ERP_REF ?? 'Dolibarr Ref',
      contract: v.RT_CF_CONTRACT ?? 'Dolibarr Contract',
      duration: v.RT_CF_DURATION ?? 'Dolibarr Duration',
      quote: v.RT_CF_QUOTE ?? 'Dolibarr Quote',
    },
  };
}

// Synchronous on purpose: jest registers describe blocks synchronously, so the skip decision must be too.
const PROBE = `
const [url, token, queue] = process.argv.slice(1);
fetch(url + '/REST/2.0/queue/' + encodeURIComponent(queue), { headers: { Authorization: 'token ' + token }, signal: AbortSignal.timeout(5000) })
  .then((r) => { process.stdout.write(String(r.status)); })
  .catch((e) => { process.stdout.write('error: ' + (e.cause?.code ?? e.message)); });
`;

const cached = new Map<RtQueueOwner, RtAvailability>();

/** The test RT as the given test file sees it: connection facts with that file's own queue. */
export function rtAvailability(owner: RtQueueOwner): RtAvailability {
  let answer = cached.get(owner);
  if (!answer) cached.set(owner, (answer = probe(owner)));
  return answer;
}

function probe(owner: RtQueueOwner): RtAvailability {
  const file = rtEnvFile();
  let values: Record<string, string>;
  try {
    values = readEnvFile(file);
  } catch {
    return { available: false, reason: `no RT connection file at ${file}` };
  }
  const env = toEnv(values, owner);
  if (typeof env === 'string') return { available: false, reason: `${file}: ${env}` };
  const status = execFileSync(process.execPath, ['-e', PROBE, env.url, env.token, env.queue], { encoding: 'utf8', timeout: 10000 });
  if (status !== '200') {
    return { available: false, reason: `RT at ${env.url} did not open queue ${env.queue} with the bridge token (${status})` };
  }
  return { available: true, env };
}

/**
 * `describe` for tests that need the real RT: runs them when RT answers, fails them when RT_REQUIRED=1 and it
 * does not, and otherwise skips them with the reason in the test name.
 */
export function describeWithRt(name: string, owner: RtQueueOwner, body: (env: RtTestEnv) => void): void {
  const rt = rtAvailability(owner);
  if (rt.available) {
    describe(name, () => body(rt.env));
  } else if (rtRequired()) {
    describe(name, () => {
      it('needs the test RT', () => {
        throw new Error(`RT_REQUIRED=1 but the test RT is not available: ${rt.reason}; ${RT_SETUP_HINT}`);
      });
    });
  } else {
    console.warn(`Skipping "${name}": ${rt.reason}; ${RT_SETUP_HINT}.`);
    describe.skip(`${name} [skipped: ${rt.reason}; ${RT_SETUP_HINT}]`, () => {
      it('needs the test RT', () => undefined);
    });
  }
}
