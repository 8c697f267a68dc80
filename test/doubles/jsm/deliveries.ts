import { createHmac } from 'node:crypto';
import type { InboundRequest } from '../../../src/plugin-sdk';

/** A webhook delivery as Jira sends it, signed with the admin webhook's secret, for the plugin's `receive`. */
export function signedDelivery(body: unknown, secret: string, identifier = 'a1b2c3d4-0001-4e5f-9a8b-000000000001'): InboundRequest {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-atlassian-webhook-identifier': identifier,
      'x-hub-signature': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
    },
    rawBody: raw,
    query: {},
  };
}
