import type { Runtime } from '../runtime';
import type { DevIssueLink, TicketKey, TicketLink, QuoteLink } from '../sync/ports';
import type { DolContract, DolIntervention, DolProposal, DolThirdParty, DolTicket } from '../erp/dolibarr/types';
import { RedisDevIssueLinkStore, RedisLinkStore } from '../store';
import type { TicketActivityEntry } from '../store/activity-store';
import { formatDuration } from '../sync/rules/duration-format';
import { interventionSeconds } from '../sync/rules/duration';
import { erpWebUrl } from './erp-links';

interface TicketDetail {
  link: TicketLink;
  helpdeskUrl?: string;
  erpUrl: string;
  erpTicket: DolTicket | null;
  customer: DolThirdParty | null;
  customerUrl?: string;
  contract: DolContract | null;
  contractUrl?: string;
  interventions: Array<DolIntervention & { duration: string; url: string }>;
  totalDuration: string;
  quotes: Array<QuoteLink & { proposal: DolProposal | null; url: string }>;
  /** The development issue the ticket was escalated to, as the bridge last saw it. */
  devIssue: DevIssueLink | null;
  activity: TicketActivityEntry[];
}

export type TicketLookup =
  { kind: 'none'; query: string } | { kind: 'many'; query: string; links: TicketLink[] } | { kind: 'one'; detail: TicketDetail };

const MAX_MATCHES = 20;

/** Links whose helpdesk id or number, or ERP ref, is the query. */
async function findLinks(rt: Runtime, query: string): Promise<TicketLink[]> {
  const found = new Map<string, TicketLink>();
  const add = (l: TicketLink | null) => l && found.set(`${l.helpdeskId}:${l.ticketId}`, l);
  for (const helpdeskId of rt.adapters.keys()) add(await rt.engine.links.getTicketLink({ helpdeskId: helpdeskId, ticketId: query }));
  const erp = await rt.erp.getTicketByRef(query);
  if (erp) add(await rt.engine.links.getTicketLinkByErpId(erp.id));
  if (/^\d+$/.test(query)) add(await rt.engine.links.getTicketLinkByErpId(Number(query)));
  for await (const link of rt.engine.links.listTicketLinks()) {
    if (found.size >= MAX_MATCHES) break;
    if (link.helpdeskNumber === query || link.erpRef === query) add(link);
  }
  return [...found.values()];
}

export async function lookupTicket(rt: Runtime, query: string, key?: TicketKey): Promise<TicketLookup> {
  const q = query.trim();
  const links = key ? [await rt.engine.links.getTicketLink(key)].filter((l): l is TicketLink => l !== null) : q ? await findLinks(rt, q) : [];
  if (links.length === 0) return { kind: 'none', query: q };
  if (links.length > 1) return { kind: 'many', query: q, links };
  return { kind: 'one', detail: await ticketDetail(rt, links[0]) };
}

async function ticketDetail(rt: Runtime, link: TicketLink): Promise<TicketDetail> {
  const erpTicket = await rt.erp.getTicket(link.erpId);
  const socid = erpTicket?.socid ?? null;
  const [customer, contract, interventions, quoteLinks, devIssue, activity] = await Promise.all([
    socid ? rt.erp.getThirdParty(socid) : null,
    erpTicket?.contractId ? rt.erp.getContract(erpTicket.contractId) : null,
    socid ? rt.erp.listInterventionsForTicket(link.erpId, socid) : [],
    new RedisLinkStore(rt.redis, rt.keys).listQuoteLinks(link),
    new RedisDevIssueLinkStore(rt.redis, rt.keys).get(link),
    rt.activity.ticketEntries(link.helpdeskId, link.ticketId),
  ]);
  const quotes = await Promise.all(
    quoteLinks.map(async (q) => ({
      ...q,
      proposal: await rt.erp.getProposal(q.proposalId),
      url: erpWebUrl(rt.config.dolibarr.url, 'proposal', q.proposalId),
    })),
  );
  const seconds = interventions.reduce((s, i) => s + interventionSeconds(i), 0);
  return {
    link,
    helpdeskUrl: rt.adapters.get(link.helpdeskId)?.ticketUrl?.(link.ticketId),
    erpUrl: erpWebUrl(rt.config.dolibarr.url, 'ticket', link.erpId),
    erpTicket,
    customer,
    customerUrl: customer ? erpWebUrl(rt.config.dolibarr.url, 'thirdparty', customer.id) : undefined,
    contract,
    contractUrl: contract ? erpWebUrl(rt.config.dolibarr.url, 'contract', contract.id) : undefined,
    interventions: interventions.map((i) => ({
      ...i,
      duration: formatDuration(interventionSeconds(i)),
      url: erpWebUrl(rt.config.dolibarr.url, 'intervention', i.id),
    })),
    totalDuration: formatDuration(seconds),
    quotes,
    devIssue,
    activity,
  };
}

/** Queues a mirror run of the ticket, as a webhook would. */
export async function syncTicketNow(rt: Runtime, key: TicketKey): Promise<void> {
  if (!rt.adapters.has(key.helpdeskId)) throw new Error(`unknown helpdesk "${key.helpdeskId}"`);
  await rt.engine.scheduler.mirrorTicket(key);
}
