import type { TicketKey } from '../ports';

/**
 * The ERP ticket's ref and track_id derive from the helpdesk identity alone, so the
 * links can be rebuilt from Dolibarr after Redis is lost (`ticketbridge relink`).
 * The ref is for people (prefix + helpdesk number); the track_id carries source and id.
 */
const TRACK_PREFIX = 'tb';
// Underscores: Dolibarr's injection firewall answers 403 to a ':' in a URL path (GET /tickets/track_id/{id}),
// and helpdesk ids (lowercase letters, digits, dashes) never contain one.
const SAFE = /[^A-Za-z0-9_.-]/g;

export function erpRefFor(refPrefix: string, helpdeskNumber: string): string {
  return `${refPrefix}-${helpdeskNumber.replace(SAFE, '_')}`.slice(0, 128);
}

/** The ref used when the plain one is taken by another helpdesk's ticket with the same number. */
export function erpRefWithSource(refPrefix: string, source: string, helpdeskNumber: string): string {
  return `${refPrefix}-${source}-${helpdeskNumber.replace(SAFE, '_')}`.slice(0, 128);
}

/** `tb_<source>_<hex(ticketId)>`; hex keeps any helpdesk id within Dolibarr's charset. */
export function trackIdFor(key: TicketKey): string {
  const id = Buffer.from(key.ticketId, 'utf8').toString('hex');
  const trackId = `${TRACK_PREFIX}_${key.source}_${id}`;
  if (trackId.length > 128) throw new Error(`helpdesk ticket id too long for a Dolibarr track_id: ${key.ticketId}`);
  return trackId;
}

export function parseTrackId(trackId: string): TicketKey | null {
  const m = /^tb_([a-z][a-z0-9-]*)_((?:[0-9a-f]{2})+)$/.exec(trackId);
  if (!m) return null;
  return { source: m[1], ticketId: Buffer.from(m[2], 'hex').toString('utf8') };
}
