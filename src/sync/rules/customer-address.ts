import emailAddresses from 'email-addresses';

/** What a helpdesk's customer e-mail field really held: zero or more addresses, maybe a phone typed there instead. */
export interface CustomerField {
  /** Bare addresses, lower case, in the order written, without duplicates. */
  emails: string[];
  /** Set when the field holds no address but something else (a phone, a name): the text as typed, trimmed. */
  other: string | null;
}

const MAILTO = /mailto:/gi;
// Separators people type between addresses that RFC 5322 does not know.
const LOOSE_SEPARATORS = /[;\s]+/;

/**
 * Parses a customer e-mail field as helpdesks hold it: `Marie Durand <marie.durand@acme.example>`,
 * several addresses (`,` `;` or spaces between them), upper case and stray spaces, `mailto:` links.
 * RFC 5322 parsing is done by `email-addresses`; only the separators it does not know are handled here.
 */
export function parseCustomerField(raw: string): CustomerField {
  let parsed = parsedFields.get(raw);
  if (!parsed) {
    parsed = parseUncached(raw);
    if (parsedFields.size >= PARSED_REMEMBERED) parsedFields.clear();
    parsedFields.set(raw, parsed);
  }
  return { emails: [...parsed.emails], other: parsed.other };
}

// The same few customer fields come with every event and message of a ticket, and RFC 5322 parsing was a few
// percent of the service's CPU: the answers are remembered, a bounded number of them.
const PARSED_REMEMBERED = 1000;
const parsedFields = new Map<string, CustomerField>();

function parseUncached(raw: string): CustomerField {
  const text = raw.replace(MAILTO, '').trim();
  if (!text) return { emails: [], other: null };
  const emails = unique(addressList(text) ?? looseList(text));
  return { emails, other: emails.length ? null : text };
}

function addressList(text: string): string[] | null {
  const parsed = emailAddresses.parseAddressList({ input: text, rfc6532: true, rejectTLD: true });
  if (!parsed) return null;
  return parsed.flatMap((a) => (a.type === 'group' ? a.addresses : [a])).map((m) => m.address);
}

/** `a@x.example; b@y.example` or `a@x.example b@y.example`: each piece parsed on its own, the unparsable dropped. */
function looseList(text: string): string[] {
  const pieces = text.split(',').flatMap((part) => {
    const one = addressList(part.trim());
    return one ?? part.split(LOOSE_SEPARATORS).flatMap((p) => addressList(p.replace(/^[<"']+|[>"']+$/g, '')) ?? []);
  });
  return pieces;
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter((a) => a.includes('@')))];
}
