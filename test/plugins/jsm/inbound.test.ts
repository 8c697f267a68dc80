import { InputError } from '../../../src/plugin-sdk';
import { InboundAuthError, type InboundRequest } from '../../../src/plugin-sdk';
import { hubSignature, validHubSignature } from '../../../plugins/jsm/signature';
import { signedDelivery } from '../../doubles/jsm/deliveries';
import { example, exampleAdapter, SECRETS } from './examples';

type Hook = { headers: Record<string, string>; body: Record<string, unknown> };
const SECRET = SECRETS.webhook_secret;

/** A documented webhook, signed as Jira signs it, with its documented identifier header. */
function delivery(name: string, edit: (body: Record<string, unknown>) => void = () => undefined): InboundRequest {
  const hook = example<Hook>(name);
  edit(hook.body);
  return signedDelivery(hook.body, SECRET, hook.headers['X-Atlassian-Webhook-Identifier']);
}

const receive = (req: InboundRequest) => exampleAdapter().inbound!.receive(req);

describe('JSM admin webhooks (documented deliveries)', () => {
  it('checks X-Hub-Signature against the official test vector', () => {
    const { hmac_test_vector: v } = example<{ hmac_test_vector: { secret: string; raw_body: string; 'X-Hub-Signature': string } }>(
      'webhook-retry-headers',
    );
    expect(hubSignature(v.secret, v.raw_body)).toBe(v['X-Hub-Signature']);
    expect(validHubSignature(v.secret, Buffer.from(v.raw_body), v['X-Hub-Signature'])).toBe(true);
    expect(validHubSignature(v.secret, Buffer.from(`${v.raw_body} `), v['X-Hub-Signature'])).toBe(false);
  });

  it('an issue, a comment or a transition says "fetch this request", keyed by the webhook identifier', () => {
    for (const name of ['webhook-issue-created', 'webhook-issue-updated-status', 'webhook-comment-created']) {
      const result = receive(delivery(name));
      const id = example<Hook>(name).headers['X-Atlassian-Webhook-Identifier'];
      expect(result.events).toEqual([{ type: 'ticket.changed', ticketId: '107001', eventId: `jsm:${id}` }]);
      expect(result.response?.status).toBe(202);
    }
  });

  it('a worklog event carries no issue: its worklog.issueId names the request', () => {
    expect(receive(delivery('webhook-worklog-created')).events).toEqual([
      { type: 'ticket.changed', ticketId: '107001', eventId: 'jsm:a1b2c3d4-0004-4e5f-9a8b-000000000004' },
    ]);
  });

  it("a retry keeps the first delivery's event id, so it is recognised as the same delivery", () => {
    const first = receive(delivery('webhook-issue-updated-status'));
    const retried = delivery('webhook-issue-updated-status');
    retried.headers = { ...retried.headers, 'x-atlassian-webhook-retry': '1' };
    expect(receive(retried).events).toEqual(first.events);
  });

  it('a deleted issue is an event; other projects and other events change nothing', () => {
    expect(receive(delivery('webhook-issue-created', (b) => (b.webhookEvent = 'jira:issue_deleted'))).events).toEqual([
      { type: 'ticket.deleted', ticketId: '107001', eventId: 'jsm:a1b2c3d4-0001-4e5f-9a8b-000000000001' },
    ]);
    const otherProject = delivery('webhook-issue-created', (b) => ((b.issue as { fields: { project: { key: string } } }).fields.project.key = 'OPS'));
    expect(receive(otherProject).events).toEqual([]);
    expect(receive(signedDelivery({ webhookEvent: 'project_updated', project: { id: 1 } }, SECRET)).events).toEqual([]);
  });

  it('refuses unsigned, wrongly signed and re-signed-with-another-method deliveries', () => {
    const good = delivery('webhook-issue-created');
    const forged: InboundRequest[] = [
      { ...good, headers: { ...good.headers, 'x-hub-signature': undefined } },
      { ...good, rawBody: Buffer.from(good.rawBody.toString().replace('HELPDESK-1', 'HELPDESK-2')) },
      { ...good, headers: { ...good.headers, 'x-hub-signature': String(good.headers['x-hub-signature']).replace('sha256=', 'sha512=') } },
      signedDelivery(example<Hook>('webhook-issue-created').body, 'another secret'),
    ];
    for (const req of forged) expect(() => receive(req)).toThrow(InboundAuthError);
  });

  it('refuses signed deliveries that are not JSON or lack what their event needs, naming the field', () => {
    expect(() => receive(signedDelivery('not json', SECRET))).toThrow(InputError);
    expect(() => receive(delivery('webhook-worklog-created', (b) => delete (b.worklog as Record<string, unknown>).issueId))).toThrow(
      /worklog\.issueId/,
    );
    expect(() => receive(delivery('webhook-comment-created', (b) => delete b.issue))).toThrow(/issue: required/);
  });
});
