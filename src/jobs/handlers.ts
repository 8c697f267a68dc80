import type { EngineDeps } from '../sync/shared/deps';
import type { JobHandlers } from './worker';
import { mirrorTicket } from '../sync/mirror/mirror-ticket';
import { reflectErpTicket, reflectMessagesOfErpTicket } from '../sync/reflect/reflect-ticket';
import { reflectIntervention, reflectInvoice, reflectProposal } from '../sync/reflect/reflect-objects';
import { deliverUpdates } from '../sync/reflect/deliver-update';
import { pollHelpdesk } from '../sync/mirror/poll-helpdesk';
import { pollErp } from '../sync/reflect/poll-erp';
import { raiseQuoteForTicket } from '../sync/mirror/raise-quote';
import { escalateToDev } from '../sync/develop/escalate-to-dev';
import { checkDevIssue } from '../sync/develop/follow-dev-issue';
import { pollDevTracker } from '../sync/develop/poll-dev-tracker';
import { countDevEscalation } from '../http/metrics';

/** Each job is two lines: validate (done by the worker) and call the engine. */
export function createHandlers(engine: EngineDeps): JobHandlers {
  return {
    'mirror-ticket': async (p) => {
      await mirrorTicket({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, engine);
    },
    'sla-check': async (p) => {
      await mirrorTicket({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, engine);
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
      await deliverUpdates({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, p.eventIds, engine);
    },
    'poll-helpdesk': async (p) => {
      await pollHelpdesk(p.helpdeskId, engine);
    },
    'poll-erp': async () => {
      await pollErp(engine);
    },
    'raise-quote': async (p) => {
      await raiseQuoteForTicket({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, p.requestId, engine, p.hours);
    },
    'dev-escalate': async (p) => {
      countDevEscalation(await escalateToDev({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, engine));
    },
    'dev-issue-check': async (p) => {
      countDevEscalation(await checkDevIssue({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, engine));
    },
    'poll-dev-tracker': async () => {
      await pollDevTracker(engine);
    },
  };
}
