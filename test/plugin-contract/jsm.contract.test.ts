import { DateTime } from 'luxon';
import type { ErrorKind } from '../../src/plugin-sdk';
import type { StateCategory } from '../../src/plugin-sdk';
import { jsmPlugin } from '../../plugins/jsm';
import { DEFAULT_CATEGORY_TO_STATUS } from '../../plugins/jsm/settings';
import { DOUBLE_CREDENTIALS, startJsmDouble, type Fault } from '../doubles/jsm';
import { signedDelivery } from '../doubles/jsm/deliveries';
import { runPluginContract, type PluginHarness, type SeedArticle } from './suite';

const SECRET = 'contract-jsm-webhook-secret-0123456789';
const CUSTOM_FIELDS = {
  erpRef: 'customfield_10050',
  contract: 'customfield_10051',
  duration: 'customfield_10052',
  quote: 'customfield_10053',
} as const;

/** How Jira reports each kind (shared/jira-sm/examples/error-*.json). */
const FAULTS: Partial<Record<ErrorKind, Fault>> = {
  auth: { kind: 'status', status: 401, body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} } },
  forbidden: {
    kind: 'status',
    status: 403,
    body: { errorMessage: 'You do not have permission to view this request.', i18nErrorMessage: { i18nKey: 'sd.permission', parameters: [] } },
  },
  invalid: { kind: 'status', status: 400, body: { errorMessages: ['Field summary is not valid.'], errors: {} } },
  rate_limited: {
    kind: 'status',
    status: 429,
    headers: { 'Retry-After': '5', 'RateLimit-Reason': 'jira-burst-based' },
    body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
  },
  server: { kind: 'status', status: 500, body: { errorMessages: ['Internal server error'], errors: {} } },
  schema: { kind: 'garbage' },
  connection: { kind: 'drop' },
};

const statusOf = (c: StateCategory | undefined) => DEFAULT_CATEGORY_TO_STATUS[c ?? 'new'] ?? 'Ouvert';
const baseSettings = {
  email: DOUBLE_CREDENTIALS.email,
  serviceDeskId: '10',
  projectKey: 'SPT',
  customFields: CUSTOM_FIELDS,
  pageSize: 2,
  timeoutMs: 3000,
};
const secrets = { api_token: DOUBLE_CREDENTIALS.apiToken, webhook_secret: SECRET };

const issueCreated = (id: string) => ({ webhookEvent: 'jira:issue_created', issue: { id, key: `SPT-${id}`, fields: { project: { key: 'SPT' } } } });

const harness: PluginHarness = {
  plugin: jsmPlugin as PluginHarness['plugin'],
  probe: { settings: { ...baseSettings, siteUrl: 'http://127.0.0.1:9' }, secrets },
  capabilities: {
    merges: false,
    // A 404 is read as deleted once the credentials and the project check out (fetch-ticket.ts).
    deletions: true,
    timeEntries: true,
    changesPageSize: 2,
    errorKinds: Object.keys(FAULTS) as ErrorKind[],
    deliverFields: ['erpRef', 'contract', 'duration', 'quote'],
    lostAnswers: true,
    // The due date is a day: a calendar day in the API user's zone (25 hours when the clocks go back).
    reminderResolutionMs: 25 * 3_600_000,
  },
  inbound: {
    authentic: (id) => signedDelivery(issueCreated(id), SECRET),
    unauthenticated: (id) => [
      { ...signedDelivery(issueCreated(id), SECRET), headers: {} },
      signedDelivery(issueCreated(id), `${SECRET}x`),
      { ...signedDelivery(issueCreated(id), SECRET), headers: { 'x-hub-signature': 'sha1=0123456789abcdef0123456789abcdef01234567' } },
    ],
    malformed: () => [
      signedDelivery('{"webhookEvent":', SECRET),
      signedDelivery({ webhookEvent: 'jira:issue_updated' }, SECRET),
      signedDelivery({ webhookEvent: 'worklog_created', worklog: { id: '1' } }, SECRET),
      signedDelivery({ webhookEvent: 'jira:issue_created', issue: { id: '12; DROP' } }, SECRET),
    ],
  },
  async start() {
    const double = await startJsmDouble({ timeZone: 'Europe/Paris' });
    const c = double.control;
    c.reopenable = true;
    const add = (id: string, a: SeedArticle) => {
      const commentId = c.addComment(id, { body: a.body, public: !a.internal });
      if (a.timeSeconds) c.addWorklog(id, { seconds: a.timeSeconds, comment: a.body });
      return commentId;
    };
    return {
      settings: { ...baseSettings, siteUrl: double.url },
      secrets,
      stop: () => double.close(),
      control: {
        createTicket: (seed) => {
          const [first, ...rest] = seed.articles;
          const opening = first && !first.internal ? first : undefined;
          const issue = c.createRequest({
            summary: seed.title,
            description: opening?.body,
            reporter: { email: seed.customerEmail },
            status: statusOf(seed.stateCategory),
          });
          if (opening?.timeSeconds) c.addWorklog(issue.id, { seconds: opening.timeSeconds });
          for (const a of opening ? rest : seed.articles) add(issue.id, a);
          return issue.id;
        },
        addArticle: (id, a) => add(id, a),
        changeTicket: (id, ch) => {
          if (ch.title !== undefined) c.update(id, { summary: ch.title });
          if (ch.stateCategory) c.setStatus(id, statusOf(ch.stateCategory));
        },
        setClock: (at) => c.store.setClock(at),
        remove: (id) => c.remove(id),
        fieldValue: (id, field) => c.must(id).customFields[CUSTOM_FIELDS[field]] ?? undefined,
        customerReplies: (id) => c.customerReplies(id),
        reminder: (id) => {
          const day = c.must(id).duedate;
          return day ? DateTime.fromISO(day, { zone: 'Europe/Paris' }).toJSDate() : undefined;
        },
        failNext: (kind) => c.failNext(FAULTS[kind]!),
        loseNextWriteAnswer: () => {
          c.loseNextWrite = true;
        },
        requestCount: () => c.requests.length,
      },
    };
  },
};

runPluginContract(harness);
