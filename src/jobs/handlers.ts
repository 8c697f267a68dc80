import type { EngineDeps } from '../sync/shared/deps';
import type { JobHandlers } from './worker';
import type { JobQueues } from './queues';
import { scopedEngine } from './scheduler';
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

/** Each job is two lines: validate (done by the worker) and call the engine, as the job's scope sees it. */
export function createHandlers(shared: EngineDeps, queues: JobQueues): JobHandlers {
  const engineOf = scopedEngine(shared, queues);
  return {
    'mirror-ticket': async (p, ctx) => {
      await mirrorTicket({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, engineOf(ctx));
    },
    'sla-check': async (p, ctx) => {
      await mirrorTicket({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, engineOf(ctx));
    },
    'reflect-erp': async (p, ctx) => {
      const engine = engineOf(ctx);
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
    'deliver-update': async (p, ctx) => {
      await deliverUpdates({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, p.eventIds, engineOf(ctx));
    },
    'poll-helpdesk': async (p, ctx) => {
      await pollHelpdesk(p.helpdeskId, engineOf(ctx));
    },
    'poll-erp': async (_p, ctx) => {
      await pollErp(engineOf(ctx));
    },
    'raise-quote': async (p, ctx) => {
      await raiseQuoteForTicket({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, p.requestId, engineOf(ctx), p.hours);
    },
    'dev-escalate': async (p, ctx) => {
      countDevEscalation(await escalateToDev({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, engineOf(ctx)));
    },
    'dev-issue-check': async (p, ctx) => {
      countDevEscalation(await checkDevIssue({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, engineOf(ctx)));
    },
    'poll-dev-tracker': async (_p, ctx) => {
      await pollDevTracker(engineOf(ctx));
    },
  };
}
