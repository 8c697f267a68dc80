import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** `<phone digits>@<company domain>`: what Znuny and others record for phone callers. */
export interface PhonePseudoAddress {
  phone: string;
  domain: string;
}

const PSEUDO = /^(\+?)(\d{6,15})@([^@\s]+\.[^@\s]+)$/;

/** Recognises a phone pseudo-address: local part all digits (optional leading +), 6-15 digits. */
export function parsePhonePseudoAddress(email: string): PhonePseudoAddress | null {
  const m = PSEUDO.exec(email.trim());
  if (!m) return null;
  return { phone: `${m[1]}${m[2]}`, domain: m[3].toLowerCase() };
}

export interface NormalisedPhone {
  /** "+33123456789": how Dolibarr stores a third party's phone. */
  e164: string;
  /** Forms a contact's phone may be stored in (Dolibarr does not normalise contacts). */
  variants: string[];
}

/** Parses a phone in international or national form (national uses the default country). Null when not a phone number. */
export function normalisePhone(raw: string, defaultCountry: string): NormalisedPhone | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isPossible()) return null;
  const national = parsed.formatNational();
  const variants = new Set([parsed.number, parsed.formatInternational(), national, national.replace(/\D/g, ''), national.replace(/\s/g, '.')]);
  return { e164: parsed.number, variants: [...variants] };
}

/** The domain of an e-mail address, lowercased; null when there is none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase();
}
