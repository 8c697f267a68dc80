import express, { type Request, type Response } from 'express';
import type { JsmControl } from './control';
import { adfText, platformIssue, sdComment, sdRequest, sla, worklog } from './render';
import { search } from './search';
import { AGENT, TRANSITION_NAMES, type Issue } from './store';

export interface ServerOptions {
  email: string;
  apiToken: string;
  zone: string;
  projectKey: string;
}

const notFoundIssue = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };
const notFoundRequest = {
  errorMessage: 'The request could not be found or you do not have permission to view it.',
  i18nErrorMessage: { i18nKey: 'sd.request.not.found', parameters: [] },
};

/** The REST endpoints the plugin uses, in both families, answering as the examples show. */
export function buildJsmApp(control: JsmControl, opts: ServerOptions): express.Express {
  const app = express();
  const store = control.store;
  const fields = control.fields;
  const expected = `Basic ${Buffer.from(`${opts.email}:${opts.apiToken}`).toString('base64')}`;
  app.use(express.json({ limit: '1mb' }));

  // Faults, lost answers and authentication, before any route.
  app.use((req, res, next) => {
    control.requests.push(`${req.method} ${req.path}`);
    const fault = control.faults.shift();
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (fault?.kind === 'garbage') return void res.status(200).type('application/json').send('{"unexpected": true}');
    if (fault?.kind === 'status')
      return void res
        .status(fault.status)
        .set(fault.headers ?? {})
        .json(fault.body ?? {});
    if (req.headers.authorization !== expected) {
      // Bad credentials read as anonymous: issue resources say "not found", /myself says 401.
      if (req.path.startsWith('/rest/api/3/issue') || req.path.startsWith('/rest/servicedeskapi/request'))
        return void res.status(404).json(notFoundIssue);
      return void res.status(401).json({ errorMessages: ['Client must be authenticated to access this resource.'], errors: {} });
    }
    if (req.method !== 'GET' && control.loseNextWrite) {
      control.loseNextWrite = false;
      // The write is carried out; its answer never leaves.
      res.end = (() => {
        req.socket.destroy();
        return res;
      }) as typeof res.end;
    }
    next();
  });

  const issueOr404 = (req: Request, res: Response, sd = false): Issue | undefined => {
    const issue = store.find(req.params.id!);
    if (!issue) res.status(404).json(sd ? notFoundRequest : notFoundIssue);
    return issue;
  };

  app.get('/rest/api/3/myself', (_req, res) =>
    res.json({ accountId: AGENT.accountId, emailAddress: opts.email, displayName: AGENT.displayName, timeZone: opts.zone, accountType: 'atlassian' }),
  );
  app.get('/rest/api/3/project/:key', (req, res) =>
    req.params.key === opts.projectKey
      ? res.json({ id: '10006', key: opts.projectKey, name: 'Customer Services' })
      : res.status(404).json({ errorMessages: [`No project could be found with key '${req.params.key}'.`], errors: {} }),
  );

  app.get('/rest/api/3/issue/:id', (req, res) => {
    const issue = issueOr404(req, res);
    if (issue) res.json(platformIssue(issue, opts.zone, fields));
  });

  app.put('/rest/api/3/issue/:id', (req, res) => {
    const issue = issueOr404(req, res);
    if (!issue) return;
    const { duedate, ...values } = (req.body?.fields ?? {}) as Record<string, unknown>;
    const bad = Object.keys(values).filter((k) => !/^customfield_\d+$/.test(k) || typeof values[k] !== 'string');
    if (bad.length)
      return void res.status(400).json({
        errorMessages: [],
        errors: Object.fromEntries(bad.map((k) => [k, `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`])),
      });
    // The system field `duedate` takes a day only.
    if (duedate !== undefined && !(typeof duedate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(duedate))) {
      return void res.status(400).json({ errorMessages: [], errors: { duedate: 'Error parsing date string: ' + String(duedate) } });
    }
    control.update(issue.id, { fields: values as Record<string, string>, ...(duedate === undefined ? {} : { duedate: duedate as string }) }, AGENT);
    res.status(204).end();
  });

  app.get('/rest/api/3/issue/:id/worklog', (req, res) => {
    const issue = issueOr404(req, res);
    if (!issue) return;
    const startAt = Number(req.query.startAt ?? 0);
    const max = Math.min(Number(req.query.maxResults ?? 5000), 5000);
    res.json({
      startAt,
      maxResults: max,
      total: issue.worklogs.length,
      worklogs: issue.worklogs.slice(startAt, startAt + max).map((w) => worklog(w, issue.id, opts.zone)),
    });
  });

  app.post('/rest/api/3/issue/:id/comment', (req, res) => {
    const issue = issueOr404(req, res);
    if (!issue) return;
    const props = (req.body?.properties ?? []) as Array<{ key: string; value?: { internal?: boolean } }>;
    // Without the property a platform comment is public (jsdPublic defaults to true).
    const internal = props.some((p) => p.key === 'sd.public.comment' && p.value?.internal === true);
    const body = adfText(req.body?.body);
    if (!body.trim()) return void res.status(400).json({ errorMessages: [], errors: { comment: 'Comment body can not be empty!' } });
    const id = control.addComment(issue.id, { body, public: !internal, author: AGENT });
    res.status(201).json({ id, body: req.body.body, jsdPublic: !internal, author: { accountId: AGENT.accountId, displayName: AGENT.displayName } });
  });

  app.get('/rest/api/3/issue/:id/transitions', (req, res) => {
    const issue = issueOr404(req, res);
    if (issue) res.json({ expand: 'transitions', transitions: control.transitionsFrom(issue).map(transition) });
  });

  app.post('/rest/api/3/issue/:id/transitions', (req, res) => {
    const issue = issueOr404(req, res);
    if (!issue) return;
    const target = control.transitionsFrom(issue).find((s) => transition(s).id === String(req.body?.transition?.id));
    if (!target)
      return void res.status(400).json({ errorMessages: [`Transition id '${req.body?.transition?.id}' is not valid for this issue.`], errors: {} });
    control.setStatus(issue.id, target.name, AGENT);
    res.status(204).end();
  });

  app.get('/rest/api/3/search/jql', (req, res) => {
    const found = search(store.issues.values(), String(req.query.jql ?? ''), opts.zone);
    if ('error' in found) return void res.status(400).json({ errorMessages: [found.error], errors: {} });
    const max = Math.min(Number(req.query.maxResults ?? 50), 100);
    const offset = req.query.nextPageToken ? Number(Buffer.from(String(req.query.nextPageToken), 'base64url').toString('utf8')) : 0;
    const page = found.slice(offset, offset + max);
    const isLast = offset + max >= found.length;
    res.json({
      issues: page.map((i) => ({ id: i.id, key: i.key, fields: { updated: platformIssue(i, opts.zone, fields).fields.updated } })),
      isLast,
      ...(isLast ? {} : { nextPageToken: Buffer.from(String(offset + max)).toString('base64url') }),
    });
  });

  app.get('/rest/servicedeskapi/request/:id', (req, res) => {
    const issue = issueOr404(req, res, true);
    if (issue) res.json(sdRequest(issue, opts.zone));
  });

  // add-public-comment-servicedeskapi: a plain-text body and its visibility; 201 with the comment.
  app.post('/rest/servicedeskapi/request/:id/comment', (req, res) => {
    const issue = issueOr404(req, res, true);
    if (!issue) return;
    const body = typeof req.body?.body === 'string' ? req.body.body : '';
    if (!body.trim())
      return void res
        .status(400)
        .json({ errorMessage: 'Comment body can not be empty!', i18nErrorMessage: { i18nKey: 'sd.comment.empty', parameters: [] } });
    const id = control.addComment(issue.id, { body, public: req.body?.public !== false, author: AGENT });
    res.status(201).json(
      sdComment(
        issue.comments.find((c) => c.id === id)!,
        opts.zone,
      ),
    );
  });

  app.get('/rest/servicedeskapi/request/:id/comment', (req, res) => {
    const issue = issueOr404(req, res, true);
    if (!issue) return;
    const wantPublic = req.query.public !== 'false';
    const wantInternal = req.query.internal !== 'false';
    const all = issue.comments.filter((c) => (c.public ? wantPublic : wantInternal));
    const start = Number(req.query.start ?? 0);
    const limit = Math.min(Number(req.query.limit ?? 50), 100);
    const values = all.slice(start, start + limit).map((c) => sdComment(c, opts.zone));
    res.json({ size: values.length, start, limit, isLastPage: start + limit >= all.length, values });
  });

  app.get('/rest/servicedeskapi/request/:id/sla', (req, res) => {
    const issue = issueOr404(req, res, true);
    if (!issue) return;
    const values = sla(issue.sla, opts.zone);
    res.json({ size: values.length, start: 0, limit: 50, isLastPage: true, values });
  });

  app.use((req, res) => res.status(404).json({ errorMessages: [`the JSM double has no route ${req.method} ${req.path}`], errors: {} }));
  return app;
}

function transition(s: { id: string; name: string }) {
  return {
    id: String(Number(s.id) - 9000),
    name: TRANSITION_NAMES[s.name] ?? s.name,
    to: { id: s.id, name: s.name },
    hasScreen: false,
    isGlobal: false,
    isAvailable: true,
    isConditional: false,
  };
}
