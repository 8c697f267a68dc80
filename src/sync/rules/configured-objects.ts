import type { RulesConfig } from '../../config/rules-schema';
import type { AppConfig } from '../../config/schema';
import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { DolProduct } from '../../erp/dolibarr/types';
import { productHours } from './contract-coverage';
import { ForbiddenError } from '../../plugin-sdk';

/** A Dolibarr object the configuration names, by its key ("rules.quotes.serviceRef"). */
interface NamedProduct {
  key: string;
  ref: string;
  /** What stops working without it, for the administrator reading the message. */
  usedFor: string;
}

function namedProducts(rules: RulesConfig): NamedProduct[] {
  return [
    { key: 'rules.quotes.serviceRef', ref: rules.quotes.serviceRef, usedFor: 'quote lines' },
    { key: 'rules.billing.hourlyServiceRef', ref: rules.billing.hourlyServiceRef, usedFor: 'billing-run invoice lines' },
    ...rules.contract.serviceRefs.map((ref, i) => ({ key: `rules.contract.serviceRefs.${i}`, ref, usedFor: 'recognising support contracts' })),
    ...Object.keys(rules.contract.hoursPerUnit).map((ref) => ({
      key: `rules.contract.hoursPerUnit.${ref}`,
      ref,
      usedFor: 'prepaid hours of contracts',
    })),
  ];
}

/** What the check found: objects missing (the feature they serve cannot work) and settings worth a second look. */
export interface ConfiguredObjectsReport {
  problems: string[];
  notices: string[];
}

/**
 * Names each Dolibarr object the configuration names that Dolibarr does not have: the products and services of the
 * rules (or a physical product where a service is needed), the users of `mapping.users`, the third parties of
 * `helpdesks.<id>.erpTickets.thirdParties`. E.g. "rules.quotes.serviceRef: no product or service with ref X in Dolibarr (needed for quote lines)".
 * Notices name support services whose prepaid hours the bridge cannot count (see contractHoursNotice).
 */
export async function checkConfiguredObjects(
  config: Pick<AppConfig, 'rules' | 'mapping' | 'helpdesks'>,
  erp: Pick<DolibarrApi, 'getProductByRef' | 'findUserByLogin' | 'getThirdParty'>,
): Promise<ConfiguredObjectsReport> {
  const { problems, notices } = await checkProducts(config.rules, erp);
  for (const [helpdeskLogin, login] of Object.entries(config.mapping.users)) {
    if (!(await erp.findUserByLogin(login))) problems.push(`mapping.users.${helpdeskLogin}: no Dolibarr user with login ${login}`);
  }
  for (const [id, helpdesk] of Object.entries(config.helpdesks)) {
    for (const [i, socid] of (helpdesk.enabled ? (helpdesk.erpTickets?.thirdParties ?? []) : []).entries()) {
      if (!(await erp.getThirdParty(socid))) problems.push(`helpdesks.${id}.erpTickets.thirdParties.${i}: no Dolibarr third party with id ${socid}`);
    }
  }
  return { problems, notices };
}

/**
 * A support service whose duration is not in hours ("1y") and that `rules.contract.hoursPerUnit` does not price: its
 * contracts cover tickets, but their cards show the hours used without the hours prepaid and left.
 */
function contractHoursNotice(key: string, product: DolProduct, rules: RulesConfig): string | null {
  if (!key.startsWith('rules.contract.serviceRefs.') || rules.contract.hoursPerUnit[product.ref] !== undefined) return null;
  if (productHours(product) !== null) return null;
  const duration = product.duration?.trim() ? `a duration of "${product.duration.trim()}"` : 'no duration';
  return `${key}: ${product.ref} has ${duration}, not in hours, and no rules.contract.hoursPerUnit entry: contract cards will show the support hours used, not those prepaid and left`;
}

async function checkProducts(rules: RulesConfig, erp: Pick<DolibarrApi, 'getProductByRef'>): Promise<ConfiguredObjectsReport> {
  const problems: string[] = [];
  const notices: string[] = [];
  const seen = new Map<string, Awaited<ReturnType<typeof erp.getProductByRef>>>();
  for (const named of namedProducts(rules)) {
    if (!seen.has(named.ref)) {
      try {
        seen.set(named.ref, await erp.getProductByRef(named.ref));
      } catch (err) {
        if (!(err instanceof ForbiddenError)) throw err;
        // Dolibarr 23 answers 403 to a user without the Products "Read" right, even for a product that exists.
        return {
          problems: [
            `${named.key}: ${named.ref} could not be checked: the Dolibarr user of the API key may not read products (grant it Products → Read products); needed for ${named.usedFor}`,
          ],
          notices,
        };
      }
    }
    const product = seen.get(named.ref);
    if (!product) problems.push(`${named.key}: no product or service with ref ${named.ref} in Dolibarr (needed for ${named.usedFor})`);
    else if (product.type !== 1)
      problems.push(`${named.key}: ${named.ref} is a product, not a service, in Dolibarr (needed as a service for ${named.usedFor})`);
    else {
      const notice = contractHoursNotice(named.key, product, rules);
      if (notice) notices.push(notice);
    }
  }
  return { problems, notices };
}
