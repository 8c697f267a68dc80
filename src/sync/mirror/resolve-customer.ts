import { InputError } from '../../plugin-sdk';
import { parseCustomerField } from '../rules/customer-address';
import { emailDomain, normalisePhone, parsePhonePseudoAddress } from '../rules/phone';
import { createCustomer } from './create-customer';
import type { CustomerDeps } from './customer-deps';
import { customerInputSchema as inputSchema, type CustomerInput, type CustomerResolution } from '../rules/customer';

export type { CustomerInput, CustomerResolution };

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
  const field = parseCustomerField(c.email ?? '');
  // A phone typed into the e-mail field counts as the phone when the helpdesk gave none.
  const phone = c.phone ?? (field.other && normalisePhone(field.other, deps.config.defaultCountry) ? field.other : undefined);
  const wanted: Wanted = { emails: field.emails, phone };
  if (!wanted.emails.length && !wanted.phone) return { kind: 'unknown' };

  const key = `customer:${wanted.emails.join(',')}|${wanted.phone ?? ''}`;
  const cached = await deps.cache?.get(key);
  if (cached) return cached;

  let result = await lookup(wanted, deps);
  if (result.kind === 'unknown' && deps.config.unknown === 'create')
    result = await createCustomer({ ...c, email: wanted.emails[0], phone: wanted.phone }, deps);

  if (deps.cache && deps.config.cacheTtlSeconds > 0) {
    const toCache: CustomerResolution =
      result.kind === 'created' ? { kind: 'found', socid: result.socid, contactId: result.contactId, via: 'contact' } : result;
    await deps.cache.set(key, toCache, deps.config.cacheTtlSeconds);
  }
  return result;
}

interface Wanted {
  emails: string[];
  phone?: string;
}

/** Each address in the order written (contact, then third party), then the phones, then a company domain. */
async function lookup(w: Wanted, deps: CustomerDeps): Promise<CustomerResolution> {
  const { erp, config } = deps;
  let ambiguous: CustomerResolution | null = null;
  const keep = (r: CustomerResolution | null): CustomerResolution | null => {
    if (r?.kind === 'ambiguous') ambiguous ??= r;
    return r?.kind === 'found' ? r : null;
  };
  const pseudos = w.emails.map((e) => parsePhonePseudoAddress(e));
  const domains = w.emails.map((e, i) => pseudos[i]?.domain ?? emailDomain(e));

  for (const [i, email] of w.emails.entries()) {
    if (pseudos[i]) continue;
    const contacts = (await erp.findContactsByEmail(email)).filter((ct) => ct.socid !== null);
    const viaContact = keep(
      await decide(
        contacts.map((ct) => ({ socid: ct.socid as number, contactId: ct.id })),
        'contact',
        deps,
      ),
    );
    if (viaContact) return viaContact;
    const parties = await erp.findThirdPartiesByEmail(email);
    const viaEmail = keep(
      await decide(
        parties.map((tp) => ({ socid: tp.id, name: tp.name })),
        'thirdparty-email',
        deps,
      ),
    );
    if (viaEmail) return viaEmail;
  }
  if (ambiguous) return ambiguous;

  const phones = [...pseudos.filter((p) => p !== null).map((p) => p.phone), ...(w.phone ? [w.phone] : [])];
  for (const phone of phones) {
    const viaPhone = keep(await byPhone(phone, domains.find((d) => d !== null) ?? null, deps));
    if (viaPhone) return viaPhone;
  }
  if (ambiguous) return ambiguous;

  if (config.matchByDomain) {
    for (const domain of new Set(domains)) {
      if (!domain || isPublicDomain(domain, config.publicDomains)) continue;
      const parties = await erp.findThirdPartiesByEmailDomain(domain);
      const viaDomain = keep(
        await decide(
          parties.map((tp) => ({ socid: tp.id, name: tp.name })),
          'domain',
          deps,
        ),
      );
      if (viaDomain) return viaDomain;
    }
  }
  return ambiguous ?? { kind: 'unknown' };
}

async function byPhone(phone: string, domain: string | null, deps: CustomerDeps): Promise<CustomerResolution | null> {
  const normalised = normalisePhone(phone, deps.config.defaultCountry);
  if (!normalised) return null;
  const parties = await deps.erp.findThirdPartiesByPhone(normalised.e164);
  const matches: Match[] = parties.map((tp) => ({ socid: tp.id, name: tp.name, email: tp.email }));
  // Contact phones are stored as typed: try the usual forms until one finds contacts
  // (a client that matches by digits finds them all with the first form).
  for (const variant of normalised.variants) {
    const contacts = (await deps.erp.findContactsByPhone(variant)).filter((ct) => ct.socid !== null);
    for (const ct of contacts) matches.push({ socid: ct.socid as number, contactId: ct.id });
    if (contacts.length) break;
  }
  return decide(await narrowByDomain(matches, domain, deps), 'phone', deps);
}

/** One third party → found (its lowest contact id, if any); several → ambiguous; none → null. */
async function decide(
  matches: Match[],
  via: Extract<CustomerResolution, { kind: 'found' }>['via'],
  deps: CustomerDeps,
): Promise<CustomerResolution | null> {
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
