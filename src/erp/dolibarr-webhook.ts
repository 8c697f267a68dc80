import { z } from 'zod';
import type { ErpChange } from '../sync/erp-change';

const idLike = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

/** The Webhook module's body: `object` is the whole PHP object; only what routing needs is read. */
export const dolibarrWebhookSchema = z.object({
  triggercode: z.string().min(1),
  object: z
    .object({
      id: idLike,
      code: z.string().nullish(),
      elementtype: z.string().nullish(),
      elementid: idLike.nullish(),
      fk_element: z.unknown().optional(),
      fk_contrat: idLike.nullish().catch(null),
      fk_contract: idLike.nullish().catch(null),
      // PHP serialises an empty array as [], a filled one as an object.
      context: z.union([z.array(z.unknown()), z.record(z.unknown())]).nullish(),
    })
    .passthrough(),
});

export type DolibarrWebhook = z.infer<typeof dolibarrWebhookSchema>;

/** `accountsChanged`: a third party, contact or contract changed, so cached customer and contract answers are stale. */
export type WebhookRouting = { change: ErpChange } | { accountsChanged: string } | { ignored: string };

/** Triggers that can change which third party a customer is, or which contract covers it. */
const ACCOUNT_TRIGGER = /^(COMPANY|CONTACT|CONTRACT|LINECONTRACT)_/;

const MESSAGE_CODES = new Set(['TICKET_MSG', 'TICKET_MSG_PRIVATE']);

/**
 * Decides what a delivery means. The bridge's own writes come back with
 * `context.caller` set to the caller it sent, and are dropped here.
 */
export function routeDolibarrWebhook(payload: DolibarrWebhook, ownCaller: string): WebhookRouting {
  const { triggercode, object } = payload;
  const context = object.context && !Array.isArray(object.context) ? object.context : {};
  if (context.caller === ownCaller) return { ignored: `own write (${triggercode})` };
  switch (triggercode) {
    case 'TICKET_CREATE':
    case 'TICKET_MODIFY':
    case 'TICKET_DELETE':
      return { change: { kind: 'ticket', erpId: object.id } };
    case 'ACTION_CREATE': {
      if (!object.code || !MESSAGE_CODES.has(object.code)) return { ignored: `agenda event ${object.code ?? '(no code)'}` };
      const ticketId =
        object.elementid ?? (typeof object.fk_element === 'string' || typeof object.fk_element === 'number' ? Number(object.fk_element) : NaN);
      if (object.elementtype !== 'ticket' || !Number.isInteger(ticketId) || ticketId <= 0) return { ignored: 'message not linked to a ticket' };
      return { change: { kind: 'message', erpId: object.id, ticketErpId: ticketId } };
    }
    case 'PROPAL_CLOSE_SIGNED':
    case 'PROPAL_CLOSE_REFUSED':
      return { change: { kind: 'proposal', erpId: object.id } };
    case 'BILL_VALIDATE':
      return { change: { kind: 'invoice', erpId: object.id } };
    default:
      if (triggercode.startsWith('FICHINTER_')) {
        const contractId = object.fk_contrat ?? object.fk_contract;
        return { change: { kind: 'intervention', erpId: object.id, ...(contractId ? { contractId } : {}) } };
      }
      if (ACCOUNT_TRIGGER.test(triggercode)) return { accountsChanged: triggercode };
      return { ignored: `trigger ${triggercode} not used` };
  }
}
