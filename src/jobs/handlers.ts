import type { EngineDeps } from '../sync/engine/deps';
import type { JobHandlers } from './worker';
import { mirrorTicket } from '../sync/engine/mirror-ticket';
import { reflectErpTicket, reflectMessagesOfErpTicket } from '../sync/engine/reflect-ticket';
import { reflectIntervention, reflectInvoice, reflectProposal } from '../sync/engine/reflect-objects';
import { deliverUpdate } from '../sync/engine/deliver-update';
import { pollErp, pollHelpdesk } from '../sync/engine/poll';
import { raiseQuoteForTicket } from '../sync/engine/quote-step';

/** Each job is two lines: validate (done by the worker) and call the engine. */
export function createHandlers(engine: EngineDeps): JobHandlers {
  return {
    'mirror-ticket': async (p) => {
      await mirrorTicket({ source: p.source, ticketId: p.ticketId }, engine);
    },
    'reflect-erp': async (p) => {
      switch (p.kind) {
        case 'ticket':
          return reflectErpTicket(p.erpId, engine);
        case 'message':
          return reflectMessagesOfErpTicket(p.ticketErpId ?? 0, engine, p.erpId);
        case 'intervention':
          return reflectIntervention(p.erpId, engine, p.contractId);
        case 'proposal':
          return reflectProposal(p.erpId, engine);
        case 'invoice':
          return reflectInvoice(p.erpId, engine);
      }
    },
    'deliver-update': async (p) => {
      await deliverUpdate({ source: p.source, ticketId: p.ticketId }, p.eventId, engine);
    },
    'poll-helpdesk': async (p) => {
      await pollHelpdesk(p.source, engine);
    },
    'poll-erp': async () => {
      await pollErp(engine);
    },
    'raise-quote': async (p) => {
      await raiseQuoteForTicket({ source: p.source, ticketId: p.ticketId }, p.requestId, engine);
    },
  };
}
