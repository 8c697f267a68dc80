import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../plugin-sdk';
import type { Cache } from '../ports';
import { emailDomain, normalisePhone, parsePhonePseudoAddress } from '../rules/phone';
import { createCustomer } from './create-customer';
import { customerInputSchema as inputSchema, type CustomerInput, type CustomerResolution } from '../rules/customer';

export type { CustomerInput, CustomerResolution };

export type CustomerApi = Pick<
  DolibarrApi,
  | 'findContactsByEmail'
  | 'findThirdPartiesByEmail'
  | 'findThirdPartiesByEmailDomain'
  | 'findThirdPartiesByPhone'
  | 'findContactsByPhone'
  | 'getThirdParty'
  | 'createThirdParty'
  | 'createContact'
>;

export interface CustomerDeps {
  erp: CustomerApi;
  config: RulesConfig['customer'];
  /** Optional: results are cached for config.cacheTtlSeconds. */
  cache?: Cache<CustomerResolution>;
}


interface Match {
  socid: number;
  name?: string;
  email?: string | null;
  contactId?: number;
}

/**
 * Finds the Dolibarr third party behind a helpdesk customer: contact e-mail, then
 * third-party e-mail, then phone (including `<digits>@domain` pseudo-addresses),
 * then e-mail domain. Never guesses between several third parties.
 */
export async function resolveCustomer(input: CustomerInput, deps: CustomerDeps): Promise<CustomerResolution> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw InputError.fromZod('customer', parsed.error);
  const c = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== '')) as CustomerInput;
  if (!c.email && !c.phone) return { kind: 'unknown' };

  const key = `customer:${(c.email ?? '').toLowerCase()}|${c.phone ?? ''}`;
  const cached = await deps.cache?.get(key);
  if (cached) return cached;

  let result = await lookup(c, deps);
  if (result.kind === 'unknown' && deps.config.unknown === 'create') result = await createCustomer(c, deps);

  if (deps.cache && deps.config.cacheTtlSeconds > 0) {
    const toCache: CustomerResolution =
      result.kind === 'created' ? { kind: 'found', socid: result.socid, contactId: result.contactId, via: 'contact' } : result;
    await deps.cache.set(key, toCache, deps.config.cacheTtlSeconds);
  }
  return result;
}

async function lookup(c: CustomerInput, deps: CustomerDeps): Promise<CustomerResolution> {
  const { erp, config } = deps;
  const pseudo = c.email ? parsePhonePseudoAddress(c.email) : null;
  const domain = pseudo?.domain ?? (c.email ? emailDomain(c.email) : null);

  if (c.email && !pseudo) {
    const contacts = (await erp.findContactsByEmail(c.email)).filter((ct) => ct.socid !== null);
    const viaContact = await decide(contacts.map((ct) => ({ socid: ct.socid as number, contactId: ct.id })), 'contact', deps);
    if (viaContact) return viaContact;
    const parties = await erp.findThirdPartiesByEmail(c.email);
    const viaEmail = await decide(parties.map((tp) => ({ socid: tp.id, name: tp.name })), 'thirdparty-email', deps);
    if (viaEmail) return viaEmail;
  }

  const phone = pseudo?.phone ?? c.phone;
  const normalised = phone ? normalisePhone(phone, config.defaultCountry) : null;
  if (normalised) {
    const parties = await erp.findThirdPartiesByPhone(normalised.e164);
    const matches: Match[] = parties.map((tp) => ({ socid: tp.id, name: tp.name, email: tp.email }));
    // Contact phones are stored as typed: try the usual forms until one finds contacts
    // (a client that matches by digits finds them all with the first form).
    for (const variant of normalised.variants) {
      const contacts = (await erp.findContactsByPhone(variant)).filter((ct) => ct.socid !== null);
      for (const ct of contacts) matches.push({ socid: ct.socid as number, contactId: ct.id });
      if (contacts.length) break;
    }
    const viaPhone = await decide(await narrowByDomain(matches, domain, deps), 'phone', deps);
    if (viaPhone) return viaPhone;
  }

  if (domain && config.matchByDomain && !isPublicDomain(domain, config.publicDomains)) {
    const parties = await erp.findThirdPartiesByEmailDomain(domain);
    const viaDomain = await decide(parties.map((tp) => ({ socid: tp.id, name: tp.name })), 'domain', deps);
    if (viaDomain) return viaDomain;
  }
  return { kind: 'unknown' };
}

/** One third party → found (its lowest contact id, if any); several → ambiguous; none → null. */
async function decide(matches: Match[], via: Extract<CustomerResolution, { kind: 'found' }>['via'], deps: CustomerDeps): Promise<CustomerResolution | null> {
  const bySoc = new Map<number, Match[]>();
  for (const m of matches) bySoc.set(m.socid, [...(bySoc.get(m.socid) ?? []), m]);
  if (bySoc.size === 0) return null;
  if (bySoc.size === 1) {
    const [[socid, ms]] = [...bySoc];
    const contactIds = ms.map((m) => m.contactId).filter((id): id is number => id !== undefined);
    return contactIds.length ? { kind: 'found', socid, contactId: Math.min(...contactIds), via } : { kind: 'found', socid, via };
  }
  const candidates: Array<{ socid: number; name: string }> = [];
  for (const [socid, ms] of [...bySoc].sort(([a], [b]) => a - b)) {
    const name = ms.find((m) => m.name)?.name ?? (await deps.erp.getThirdParty(socid))?.name ?? `#${socid}`;
    candidates.push({ socid, name });
  }
  return { kind: 'ambiguous', candidates };
}

/** Several third parties share the phone: keep those whose e-mail is on the pseudo-address's domain, if that leaves any. */
async function narrowByDomain(matches: Match[], domain: string | null, deps: CustomerDeps): Promise<Match[]> {
  const socids = new Set(matches.map((m) => m.socid));
  if (!domain || socids.size < 2) return matches;
  const onDomain = new Set<number>();
  for (const socid of socids) {
    const known = matches.find((m) => m.socid === socid && m.email !== undefined);
    const email = known ? known.email : (await deps.erp.getThirdParty(socid))?.email;
    if (email && emailDomain(email) === domain) onDomain.add(socid);
  }
  return onDomain.size ? matches.filter((m) => onDomain.has(m.socid)) : matches;
}

function isPublicDomain(domain: string, publicDomains: string[]): boolean {
  const d = domain.toLowerCase();
  return publicDomains.some((p) => p.toLowerCase() === d);
}
