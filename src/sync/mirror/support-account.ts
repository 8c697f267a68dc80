import type { HelpdeskTicket } from '../../plugin-sdk';
import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import type { MappingConfig } from '../../config/schema';
import type { Cache, TicketKey } from '../ports';
import { resolveCustomer, type CustomerResolution } from './resolve-customer';
import type { ContractResolution } from '../rules/contract-resolution';
import { resolveContract } from './resolve-contract';
import { renderTemplate } from '../templates';
import { mapTicketFields } from '../shared/field-mapping';
import { messageFingerprint } from '../shared/text';
import type { Account, AccountResolver } from './account';
import { localDay } from '../rules/local-day';
import type { NewUpdate } from '../shared/emit-update';
import { leavesUnresolved, unresolvedUpdate } from '../shared/unresolved';

export interface SupportAccountDeps {
  erp: DolibarrApi;
  rules: RulesConfig;
  mapping: MappingConfig;
  customerCache?: Cache<CustomerResolution>;
  /**
   * Contract answers per third party, ticket type and day, for rules.customer.cacheTtlSeconds: every ticket of a
   * customer would otherwise list its contracts and their interventions. Dropped when the ERP reports a change
   * to a contract, contact, third party or intervention.
   */
  contractCache?: Cache<ContractResolution>;
}

function customerUpdates(key: TicketKey, ticket: HelpdeskTicket, customer: CustomerResolution): NewUpdate[] {
  const who = messageFingerprint(`${ticket.customer.email ?? ''}|${ticket.customer.phone ?? ''}`);
  const data = { email: ticket.customer.email, phone: ticket.customer.phone };
  if (customer.kind === 'unknown') {
    return [
      {
        eventId: `customer.unresolved:${key.helpdeskId}:${key.ticketId}:${who}`,
        type: 'customer.unresolved',
        data,
        note: renderTemplate('customer-unknown', data),
      },
    ];
  }
  if (customer.kind === 'ambiguous') {
    return [
      {
        eventId: `customer.ambiguous:${key.helpdeskId}:${key.ticketId}:${who}`,
        type: 'customer.ambiguous',
        data: { ...data, candidates: customer.candidates },
        note: renderTemplate('customer-ambiguous', { ...data, candidates: customer.candidates }),
      },
    ];
  }
  return [];
}

function contractUpdate(key: TicketKey, socid: number, contract: ContractResolution): NewUpdate {
  if (contract.kind === 'covered') {
    return {
      eventId: `contract.resolved:${key.helpdeskId}:${key.ticketId}:${contract.contractId}`,
      type: 'contract.resolved',
      data: {
        contractId: contract.contractId,
        contractRef: contract.contractRef,
        prepaidHours: contract.prepaidHours,
        usedHours: contract.usedHours,
        remainingHours: contract.remainingHours,
      },
      note: renderTemplate('contract-covered', {
        ref: contract.contractRef,
        metered: contract.prepaidHours !== null,
        remainingHours: contract.remainingHours,
        prepaidHours: contract.prepaidHours,
      }),
      fields: { contract: contract.contractRef },
    };
  }
  return {
    eventId: `contract.none:${key.helpdeskId}:${key.ticketId}:${socid}:${contract.reason}`,
    type: 'contract.none',
    data: { socid, reason: contract.reason },
    note: renderTemplate('contract-none', { reason: contract.reason }),
    fields: { contract: 'none (billable)' },
  };
}

/**
 * The support rules' account resolution: customer (contact, third party, phone, domain),
 * then the support contract covering the ticket's date. The helpdesk is told the outcome once.
 */
export function supportAccountResolver(deps: SupportAccountDeps): AccountResolver {
  const withCachedProducts = { ...deps, erp: productLookupCached(deps.erp, deps.rules.customer.cacheTtlSeconds * 1000) };
  return (ticket, key) => resolveAccount(ticket, key, withCachedProducts);
}

async function cachedContract(
  socid: number,
  ticket: HelpdeskTicket,
  typeCode: string | null | undefined,
  deps: SupportAccountDeps,
): Promise<ContractResolution> {
  const ttl = deps.rules.customer.cacheTtlSeconds;
  const cacheKey = `${socid}:${typeCode ?? ''}:${localDay(ticket.createdAt, deps.rules.timeZone)}`;
  const cached = ttl > 0 ? await deps.contractCache?.get(cacheKey) : undefined;
  if (cached) return cached;
  const contract = await resolveContract(socid, ticket.createdAt, typeCode, { erp: deps.erp, config: deps.rules });
  if (ttl > 0) await deps.contractCache?.set(cacheKey, contract, ttl);
  return contract;
}

async function resolveAccount(ticket: HelpdeskTicket, key: TicketKey, deps: SupportAccountDeps): Promise<Account> {
  let customer: CustomerResolution;
  try {
    customer = await resolveCustomer(
      { email: ticket.customer.email, phone: ticket.customer.phone, name: ticket.customer.name, company: ticket.customer.company },
      { erp: deps.erp, config: deps.rules.customer, cache: deps.customerCache },
    );
  } catch (err) {
    if (!leavesUnresolved(err)) throw err;
    return { updates: [unresolvedUpdate('customer', key, err)], unresolved: true };
  }
  const updates = customerUpdates(key, ticket, customer);
  if (customer.kind !== 'found' && customer.kind !== 'created') return { updates };
  const typeCode = mapTicketFields(ticket, deps.mapping).typeCode;
  let contract: ContractResolution;
  try {
    contract = await cachedContract(customer.socid, ticket, typeCode, deps);
  } catch (err) {
    if (!leavesUnresolved(err)) throw err;
    return { socid: customer.socid, updates: [...updates, unresolvedUpdate('contract', key, err)], unresolved: true };
  }
  updates.push(contractUpdate(key, customer.socid, contract));
  return { socid: customer.socid, contactId: customer.contactId, contractId: contract.kind === 'covered' ? contract.contractId : undefined, updates };
}

/** The support service products change rarely and every new ticket's contract check reads them: keep them a while. */
function productLookupCached(erp: DolibarrApi, ttlMs: number): DolibarrApi {
  const cache = new Map<string, { at: number; product: Awaited<ReturnType<DolibarrApi['getProductByRef']>> }>();
  return Object.assign(Object.create(erp) as DolibarrApi, {
    async getProductByRef(ref: string) {
      const hit = cache.get(ref);
      if (hit && Date.now() - hit.at < ttlMs) return hit.product;
      const product = await erp.getProductByRef(ref);
      cache.set(ref, { at: Date.now(), product });
      return product;
    },
  });
}
