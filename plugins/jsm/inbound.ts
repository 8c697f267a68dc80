import { z } from 'zod';
import { InputError } from '../../src/plugin-sdk';
import { InboundAuthError, type InboundCapability, type InboundEvent, type InboundRequest, type InboundResult } from '../../src/plugin-sdk';
import type { JsmSettings } from './settings';
import { validHubSignature } from './signature';

const issueId = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().positive()]).transform(String);

/** What the plugin reads of a delivery; the rest is read again from the API (the truth, whatever the order). */
const deliverySchema = z.object({
  webhookEvent: z.string().min(1).max(100),
  issue: z
    .object({
      id: issueId,
      key: z.string().max(100).optional(),
      fields: z
        .object({ project: z.object({ key: z.string() }).optional() })
        .passthrough()
        .optional(),
    })
    .optional(),
  worklog: z.object({ id: issueId, issueId }).optional(),
});

const ISSUE_EVENTS = /^(jira:issue_(created|updated)|comment_(created|updated|deleted)|attachment_(created|deleted)|issuelink_(created|deleted))$/;
const WORKLOG_EVENTS = /^worklog_(created|updated|deleted)$/;

function header(req: InboundRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Admin webhooks signed with their secret. Deliveries are at least once, late and unordered, so one only says
 * "fetch this request": a duplicate or a late one re-reads the same current state. Worklog events carry no
 * issue, only `worklog.issueId`. Events about other projects (a webhook filter left wide) are ignored.
 */
export function jsmInbound(settings: JsmSettings, secret: string): InboundCapability {
  return {
    receive(req: InboundRequest): InboundResult {
      const signature = header(req, 'x-hub-signature');
      if (!signature) throw new InboundAuthError('missing X-Hub-Signature header (set a secret on the Jira webhook)');
      if (!validHubSignature(secret, req.rawBody, signature)) throw new InboundAuthError('wrong X-Hub-Signature');
      let json: unknown;
      try {
        json = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        throw new InputError('Jira delivery is not JSON');
      }
      const parsed = deliverySchema.safeParse(json);
      if (!parsed.success) throw InputError.fromZod('Jira delivery', parsed.error);
      const events = eventsOf(parsed.data, settings.projectKey, header(req, 'x-atlassian-webhook-identifier'));
      return { events, response: { status: 202, body: { accepted: events.length } } };
    },
  };
}

function eventsOf(d: z.infer<typeof deliverySchema>, projectKey: string, identifier: string | undefined): InboundEvent[] {
  // Same identifier across Jira's retries: a retried delivery carries the same event id.
  const eventId = identifier ? { eventId: `jsm:${identifier.slice(0, 100)}` } : {};
  if (WORKLOG_EVENTS.test(d.webhookEvent)) {
    // The fetch lists the issue's worklogs as they are now, so a deleted one is seen gone there too.
    if (!d.worklog) throw new InputError('Jira delivery', [`worklog: required for ${d.webhookEvent}`]);
    return [{ type: 'ticket.changed', ticketId: d.worklog.issueId, ...eventId }];
  }
  const isIssueEvent = ISSUE_EVENTS.test(d.webhookEvent) || d.webhookEvent === 'jira:issue_deleted';
  if (!isIssueEvent) return [];
  if (!d.issue) throw new InputError('Jira delivery', [`issue: required for ${d.webhookEvent}`]);
  const project = d.issue.fields?.project?.key ?? d.issue.key?.split('-')[0];
  if (project !== undefined && project !== projectKey) return [];
  if (d.webhookEvent === 'jira:issue_deleted') return [{ type: 'ticket.deleted', ticketId: d.issue.id, ...eventId }];
  return [{ type: 'ticket.changed', ticketId: d.issue.id, ...eventId }];
}
