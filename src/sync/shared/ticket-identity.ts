import { createHash } from 'node:crypto';
import type { TicketKey } from '../ports';

/**
 * The ERP ticket's ref and track_id derive from the helpdesk identity alone, so the
 * links can be rebuilt from Dolibarr after Redis is lost (`ticketbridge relink`).
 * The ref is for people (prefix + helpdesk number); the track_id carries helpdeskId and id.
 */
const TRACK_PREFIX = 'tb';
// Underscores: Dolibarr's injection firewall answers 403 to a ':' in a URL path (GET /tickets/track_id/{id}),
// and helpdesk ids (lowercase letters, digits, dashes) never contain one.
const SAFE = /[^A-Za-z0-9_.-]/g;

export function erpRefFor(refPrefix: string, helpdeskNumber: string): string {
  return `${refPrefix}-${helpdeskNumber.replace(SAFE, '_')}`.slice(0, 128);
}

/** The ref used when the plain one is taken by another helpdesk's ticket with the same number. */
export function erpRefWithHelpdeskId(refPrefix: string, helpdeskId: string, helpdeskNumber: string): string {
  return `${refPrefix}-${helpdeskId}-${helpdeskNumber.replace(SAFE, '_')}`.slice(0, 128);
}

/** Dolibarr's `track_id` column: varchar(128). */
const TRACK_ID_MAX = 128;

/**
 * `tb_<helpdeskId>_<hex(ticketId)>`; hex keeps any helpdesk id within Dolibarr's charset. An id too long for that
 * (the webhook protocol allows 200 characters) gets `tb_<helpdeskId>_h<sha256(ticketId)>`: still stable and unique;
 * it is reversed through the link store, or after a Redis loss through the ticket's helpdesk-id extrafield.
 */
export function trackIdFor(key: TicketKey): string {
  const trackId = `${TRACK_PREFIX}_${key.helpdeskId}_${Buffer.from(key.ticketId, 'utf8').toString('hex')}`;
  if (trackId.length <= TRACK_ID_MAX) return trackId;
  return `${TRACK_PREFIX}_${key.helpdeskId}_h${ticketIdHash(key.ticketId)}`;
}

export function ticketIdHash(ticketId: string): string {
  return createHash('sha256').update(ticketId, 'utf8').digest('hex');
}

/** What a bridge-made track id says: the ticket key, or for a long id only its helpdeskId and hash. */
export type TrackIdentity = { kind: 'key'; key: TicketKey } | { kind: 'hashed'; helpdeskId: string; hash: string };

export function readTrackId(trackId: string): TrackIdentity | null {
  const hashed = /^tb_([a-z][a-z0-9-]*)_h([0-9a-f]{64})$/.exec(trackId);
  if (hashed) return { kind: 'hashed', helpdeskId: hashed[1], hash: hashed[2] };
  const key = parseTrackId(trackId);
  return key ? { kind: 'key', key } : null;
}

export function parseTrackId(trackId: string): TicketKey | null {
  const m = /^tb_([a-z][a-z0-9-]*)_((?:[0-9a-f]{2})+)$/.exec(trackId);
  if (!m) return null;
  return { helpdeskId: m[1], ticketId: Buffer.from(m[2], 'hex').toString('utf8') };
}
