import type { DevIssueCategory, ErrorKind } from '../../src/plugin-sdk';
import { projeqtorPlugin } from '../../plugins/projeqtor';
import { PQ_DOUBLE_IDS, PQ_DOUBLE_USER, startProjeqtorDouble, type Fault } from '../doubles/projeqtor';
import { runDevTrackerContract, type DevTrackerHarness } from './suite';

/** Statuses of the recorded Default workflow with the flags the category comes from (setup_list_statuses). */
const STATUS_FOR: Record<Exclude<DevIssueCategory, 'open'>, string> = { in_progress: '3', done: '4', cancelled: '9' };

/** How ProjeQtor and its web server report each kind. */
const FAULTS: Partial<Record<ErrorKind, Fault>> = {
  auth: { kind: 'error', message: "user 'ticketbridge' disabled" },
  invalid: { kind: 'error', message: "'Ticket' is not a valid class name ${2}" },
  schema: { kind: 'php' },
  server: { kind: 'http', status: 503 },
  connection: { kind: 'drop' },
};
const PRIVACY = { '1': 'public', '2': 'team', '3': 'private' } as const;

const harness: DevTrackerHarness = {
  plugin: projeqtorPlugin,
  errorKinds: Object.keys(FAULTS) as ErrorKind[],
  async start(now) {
    const pq = await startProjeqtorDouble();
    pq.control.setClock(now);
    return {
      settings: { url: pq.url, webUrl: pq.webUrl, user: PQ_DOUBLE_USER.name, ...PQ_DOUBLE_IDS, timeoutMs: 3000 },
      secrets: { apikey: PQ_DOUBLE_USER.apiKey, password: PQ_DOUBLE_USER.password },
      control: {
        moveTo: (issueId, category) => pq.control.setStatus(issueId, STATUS_FOR[category]),
        notes: (issueId) => pq.control.notes(issueId).map((n) => ({ text: n.note!, visibility: PRIVACY[n.idPrivacy as keyof typeof PRIVACY] })),
        failNext: (kind) => pq.control.failNext(1, FAULTS[kind]!),
      },
      stop: () => pq.close(),
    };
  },
};

runDevTrackerContract(harness);
