import { NotFoundError, type FetchResult, type TicketSnapshot } from '../../src/plugin-sdk';
import { checkCredentials, checkProjectVisible } from './credentials';
import { issuePath, type JsmDeps } from './deps';
import {
  customerRequestSchema,
  issueSchema,
  sdCommentSchema,
  sdPage,
  worklogPageSchema,
  type JiraIssue,
  type SdComment,
  type Worklog,
} from './schemas';
import { referencedIssueIds } from './references';
import { readSla, summarizeSla } from './sla';
import { toArticles, toHelpdeskTicket, toTimeEntry } from './ticket-mapper';

const BASE_FIELDS = [
  'summary',
  'description',
  'status',
  'priority',
  'reporter',
  'assignee',
  'project',
  'created',
  'updated',
  'resolutiondate',
  'attachment',
  'issuelinks',
];
const commentPage = sdPage(sdCommentSchema);

/** Every field fetchTicket reads, custom fields included. */
function issueFields(deps: JsmDeps): string {
  const s = deps.settings;
  return [...BASE_FIELDS, s.requestTypeField, ...(s.organizationField ? [s.organizationField] : []), ...Object.values(s.customFields)].join(',');
}

/**
 * The request's current state: the issue (platform API, ADF), its reporter with e-mail (servicedeskapi: the
 * platform may hide addresses), public and internal comments (servicedeskapi, the only place with the
 * visibility flag), worklogs (platform) and, while it is open, its SLA cycles (servicedeskapi).
 */
export async function fetchTicket(deps: JsmDeps, ticketId: string): Promise<FetchResult> {
  const issue = await readIssue(deps, ticketId);
  if (issue === 'deleted') return { kind: 'deleted' };
  // A closed request's SLA no longer changes: the ERP keeps its last value.
  const open = issue.fields.status.statusCategory.key !== 'done';
  const [request, comments, worklogs, sla, references] = await Promise.all([
    deps.client.get(issuePath('/rest/servicedeskapi/request', ticketId), {}, customerRequestSchema),
    readComments(deps, ticketId),
    readWorklogs(deps, ticketId),
    open ? readSla(deps, ticketId) : Promise.resolve([]),
    referencedIssueIds(deps, issue),
  ]);
  // The engine checks the snapshot against the model's limits (text cut, or the ticket refused naming the field).
  const snapshot: TicketSnapshot = {
    ticket: { ...toHelpdeskTicket(deps.helpdeskId, issue, request.reporter, deps.settings), ...(references.length ? { references } : {}) },
    articles: toArticles(issue, request.reporter, comments),
    timeEntries: worklogs.map(toTimeEntry),
    helpdeskSla: summarizeSla(sla),
  };
  return { kind: 'found', snapshot };
}

/**
 * Jira answers 404 for a deleted issue, for one the user may not see, and for bad credentials (read as
 * anonymous). So a 404 is believed only once /myself accepts the credentials (else AuthError) and the project
 * is visible (else ForbiddenError): then the issue is gone. An issue of another project is not this desk's.
 */
async function readIssue(deps: JsmDeps, ticketId: string): Promise<JiraIssue | 'deleted'> {
  const path = issuePath('/rest/api/3/issue', ticketId);
  let issue: JiraIssue;
  try {
    issue = await deps.client.get(path, { fields: issueFields(deps) }, issueSchema);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    await checkCredentials(deps);
    await checkProjectVisible(deps);
    return 'deleted';
  }
  if (issue.fields.project.key !== deps.settings.projectKey) {
    throw new NotFoundError(
      `Jira issue ${issue.key} is in project ${issue.fields.project.key}, not in the service desk's project ${deps.settings.projectKey}`,
      {
        system: deps.helpdeskId,
        method: 'GET',
        path,
      },
    );
  }
  return issue;
}

async function readComments(deps: JsmDeps, ticketId: string): Promise<SdComment[]> {
  const path = issuePath('/rest/servicedeskapi/request', ticketId, '/comment');
  const out: SdComment[] = [];
  for (let start = 0; ;) {
    const page = await deps.client.get(path, { public: true, internal: true, start, limit: 100 }, commentPage);
    out.push(...page.values);
    if (page.isLastPage || page.values.length === 0) return out;
    start += page.values.length;
  }
}

async function readWorklogs(deps: JsmDeps, ticketId: string): Promise<Worklog[]> {
  const path = issuePath('/rest/api/3/issue', ticketId, '/worklog');
  const out: Worklog[] = [];
  for (let startAt = 0; ;) {
    const page = await deps.client.get(path, { startAt, maxResults: 5000 }, worklogPageSchema);
    out.push(...page.worklogs);
    startAt += page.worklogs.length;
    if (page.worklogs.length === 0 || startAt >= page.total) return out;
  }
}
