import fs from 'node:fs';
import path from 'node:path';
import { dolibarrWebhookSchema, routeDolibarrWebhook, type WebhookRouting } from '../../../src/erp/dolibarr-webhook';

const DIR = path.join(__dirname, '../../fixtures/dolibarr-webhooks');
/** The caller the recordings were made with (see ticketlifecycle_02 / ticketmodify_02). */
const RECORDED_CALLER = 'helpdeskconnector';

function recorded(name: string): unknown {
  return (JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')) as { body: unknown }).body;
}

function route(name: string, ownCaller = RECORDED_CALLER): WebhookRouting {
  return routeDolibarrWebhook(dolibarrWebhookSchema.parse(recorded(name)), ownCaller);
}

/** What every recorded delivery means for the bridge. */
const EXPECTED: Record<string, WebhookRouting> = {
  'webhook_payload_assign_01_ACTION_CREATE.json': { ignored: 'agenda event AC_TICKET_MODIFY' },
  'webhook_payload_assign_02_TICKET_MODIFY.json': { change: { kind: 'ticket', erpId: 2 } },
  'webhook_payload_intervention_01_ACTION_CREATE.json': { ignored: 'agenda event AC_FICHINTER_MODIFY' },
  'webhook_payload_intervention_02_ACTION_CREATE.json': { ignored: 'agenda event AC_FICHINTER_VALIDATE' },
  'webhook_payload_intervention_03_FICHINTER_VALIDATE.json': { change: { kind: 'intervention', erpId: 2, contractId: 1 } },
  'webhook_payload_intervention_04_ACTION_CREATE.json': { ignored: 'agenda event AC_FICHINTER_CLOSE' },
  'webhook_payload_intervention_05_FICHINTER_CLOSE.json': { change: { kind: 'intervention', erpId: 2, contractId: 1 } },
  'webhook_payload_invoice_01_OBJECT_LINK_INSERT.json': { ignored: 'trigger OBJECT_LINK_INSERT not used' },
  'webhook_payload_invoice_02_OBJECT_LINK_INSERT.json': { ignored: 'trigger OBJECT_LINK_INSERT not used' },
  'webhook_payload_invoice_03_ACTION_CREATE.json': { ignored: 'agenda event AC_BILL_VALIDATE' },
  'webhook_payload_invoice_04_BILL_VALIDATE.json': { change: { kind: 'invoice', erpId: 1 } },
  'webhook_payload_proposal_01_OBJECT_LINK_INSERT.json': { ignored: 'trigger OBJECT_LINK_INSERT not used' },
  'webhook_payload_proposal_02_ACTION_CREATE.json': { ignored: 'agenda event AC_PROPAL_VALIDATE' },
  'webhook_payload_proposal_03_PROPAL_VALIDATE.json': { ignored: 'trigger PROPAL_VALIDATE not used' },
  'webhook_payload_proposal_04_ACTION_CREATE.json': { ignored: 'agenda event AC_PROPAL_CLOSE_SIGNED' },
  'webhook_payload_proposal_05_PROPAL_CLOSE_SIGNED.json': { change: { kind: 'proposal', erpId: 4 } },
  'webhook_payload_proposal_06_ACTION_CREATE.json': { ignored: 'agenda event AC_PROPAL_CLOSE_SIGNED' },
  'webhook_payload_proposal_07_PROPAL_CLOSE_SIGNED.json': { change: { kind: 'proposal', erpId: 4 } },
  'webhook_payload_ticketdelete_01_ACTION_CREATE.json': { ignored: 'agenda event AC_TICKET_DELETE' },
  'webhook_payload_ticketdelete_02_TICKET_DELETE.json': { change: { kind: 'ticket', erpId: 3 } },
  'webhook_payload_ticketlifecycle_01_ACTION_CREATE.json': { ignored: 'agenda event AC_TICKET_CREATE' },
  'webhook_payload_ticketlifecycle_02_TICKET_CREATE.json': { ignored: 'own write (TICKET_CREATE)' },
  'webhook_payload_ticketlifecycle_03_ACTION_CREATE.json': { change: { kind: 'message', erpId: 29, ticketErpId: 3 } },
  'webhook_payload_ticketlifecycle_04_ACTION_CREATE.json': { ignored: 'agenda event AC_TICKET_MODIFY' },
  'webhook_payload_ticketlifecycle_05_TICKET_MODIFY.json': { change: { kind: 'ticket', erpId: 3 } },
  'webhook_payload_ticketmodify_01_ACTION_CREATE.json': { ignored: 'agenda event AC_TICKET_MODIFY' },
  'webhook_payload_ticketmodify_02_TICKET_MODIFY.json': { ignored: 'own write (TICKET_MODIFY)' },
  // Recorded with caller "ticketbridge" (test/real-dolibarr/record-ticket-messages.ts): another bridge's writes here.
  'webhook_payload_ticketmessage_01_ticket_create_ACTION_CREATE.json': { ignored: 'agenda event AC_TICKET_CREATE' },
  'webhook_payload_ticketmessage_02_agenda_public_ACTION_CREATE.json': { change: { kind: 'message', erpId: 9, ticketErpId: 1 } },
  'webhook_payload_ticketmessage_03_agenda_private_ACTION_CREATE.json': { change: { kind: 'message', erpId: 10, ticketErpId: 1 } },
  'webhook_payload_ticketmessage_04_newmessage_public_ACTION_CREATE.json': { change: { kind: 'message', erpId: 11, ticketErpId: 1 } },
  'webhook_payload_ticketmessage_05_newmessage_private_ACTION_CREATE.json': { change: { kind: 'message', erpId: 12, ticketErpId: 1 } },
};

describe('routeDolibarrWebhook on the recorded deliveries', () => {
  it('has an expectation for every recording, so a new one is not silently unchecked', () => {
    expect(
      fs
        .readdirSync(DIR)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    expect(route(name)).toEqual(expected);
  });

  it("drops the bridge's own messages written as agenda events (their ACTION_CREATE carries the caller; newmessage's does not)", () => {
    expect(route('webhook_payload_ticketmessage_02_agenda_public_ACTION_CREATE.json', 'ticketbridge')).toEqual({
      ignored: 'own write (ACTION_CREATE)',
    });
    expect(route('webhook_payload_ticketmessage_03_agenda_private_ACTION_CREATE.json', 'ticketbridge')).toEqual({
      ignored: 'own write (ACTION_CREATE)',
    });
    expect(route('webhook_payload_ticketmessage_04_newmessage_public_ACTION_CREATE.json', 'ticketbridge')).toEqual({
      change: { kind: 'message', erpId: 11, ticketErpId: 1 },
    });
  });

  it('reads a change to a third party, contact or contract as stale customer and contract look-ups', () => {
    const base = recorded('webhook_payload_ticketmodify_02_TICKET_MODIFY.json') as { triggercode: string; object: Record<string, unknown> };
    for (const trigger of ['CONTRACT_MODIFY', 'LINECONTRACT_ACTIVATE', 'CONTACT_CREATE', 'COMPANY_MODIFY']) {
      const payload = dolibarrWebhookSchema.parse({ ...base, triggercode: trigger, object: { ...base.object, context: [] } });
      expect(routeDolibarrWebhook(payload, 'ticketbridge')).toEqual({ accountsChanged: trigger });
    }
  });

  it("keeps a ticket change written with another caller than the bridge's", () => {
    expect(route('webhook_payload_ticketmodify_02_TICKET_MODIFY.json', 'ticketbridge')).toEqual({ change: { kind: 'ticket', erpId: 2 } });
    expect(route('webhook_payload_ticketlifecycle_02_TICKET_CREATE.json', 'ticketbridge')).toEqual({ change: { kind: 'ticket', erpId: 3 } });
  });

  it('reads context whether PHP serialised it as [] or as an object', () => {
    const base = recorded('webhook_payload_ticketlifecycle_05_TICKET_MODIFY.json') as { triggercode: string; object: Record<string, unknown> };
    for (const context of [[], {}, { DolPublicNoteAppendedGetLinkedObjects: 1 }, null, undefined]) {
      const payload = dolibarrWebhookSchema.parse({ ...base, object: { ...base.object, context } });
      expect(routeDolibarrWebhook(payload, RECORDED_CALLER)).toEqual({ change: { kind: 'ticket', erpId: 3 } });
    }
    const own = dolibarrWebhookSchema.parse({ ...base, object: { ...base.object, context: { caller: RECORDED_CALLER } } });
    expect(routeDolibarrWebhook(own, RECORDED_CALLER)).toEqual({ ignored: 'own write (TICKET_MODIFY)' });
  });

  it('keeps a private ERP message and takes its ticket from fk_element when elementid is missing', () => {
    const base = recorded('webhook_payload_ticketlifecycle_03_ACTION_CREATE.json') as { triggercode: string; object: Record<string, unknown> };
    const payload = dolibarrWebhookSchema.parse({
      ...base,
      object: { ...base.object, code: 'TICKET_MSG_PRIVATE', elementid: null, fk_element: '3' },
    });
    expect(routeDolibarrWebhook(payload, RECORDED_CALLER)).toEqual({ change: { kind: 'message', erpId: 29, ticketErpId: 3 } });
  });

  it('drops a message event that is not linked to a ticket', () => {
    const base = recorded('webhook_payload_ticketlifecycle_03_ACTION_CREATE.json') as { triggercode: string; object: Record<string, unknown> };
    const payload = dolibarrWebhookSchema.parse({ ...base, object: { ...base.object, elementtype: 'societe' } });
    expect(routeDolibarrWebhook(payload, RECORDED_CALLER)).toEqual({ ignored: 'message not linked to a ticket' });
  });

  it('refuses a body without triggercode or object id, naming the field', () => {
    const noTrigger = dolibarrWebhookSchema.safeParse({ object: { id: 3 } });
    expect(noTrigger.success).toBe(false);
    expect(noTrigger.error?.issues[0].path).toEqual(['triggercode']);
    const badId = dolibarrWebhookSchema.safeParse({ triggercode: 'TICKET_MODIFY', object: { id: 'abc' } });
    expect(badId.success).toBe(false);
    expect(badId.error?.issues[0].path).toEqual(['object', 'id']);
  });
});
