/**
 * Every Redis key namespace of the bridge, listed once: what each holds and how long it lives.
 * Keys are `<redis.prefix>:<namespace>:…`; stores name their namespace through KeySpace.key,
 * which accepts only these.
 * @public kept exported as the readable list of namespaces, though code uses only its key type.
 */
export const KEY_NAMESPACES = {
  /** BullMQ queues, jobs and schedulers (`bull:<queue>:…`); BullMQ removes finished jobs as configured. */
  bull: 'job queues',
  /** Ticket ↔ ERP ticket, article ↔ ERP message, time entry ↔ intervention line, quote request ↔ proposal (ERP-id keyed ones in hashes of 128, `…:b<n>`; a ticket's link, article links, ERP messages linked without an article and mirrored state and a small pushed snapshot in one HASH `link:t:<helpdeskId>:<ticketId>`; ERP message links in `link:erp-message:b<n>`, written before, still read); forever. */
  link: 'links between helpdesk and ERP objects',
  /** Where each poll and backfill stopped (`cursor:<poll name>`); forever. */
  cursor: 'poll and backfill cursors',
  /** The ERP ticket status the bridge last wrote or reported (`erp-status:b<erpId / 128>` HASH erpId → status; `erp-status:<erpId>` before); forever. */
  'erp-status': 'ERP status memory (echo suppression)',
  /** Helpdesk state last delivered to the helpdesk (`hd-state:delivered:<helpdeskId>:<ticketId>`), removed when read; the state last mirrored is field `s` of `link:t:…` (`hd-state:mirrored:…` before, still read); forever. */
  'hd-state': 'helpdesk state memory (echo suppression)',
  /** The ERP ticket's compared fields as the bridge last wrote or read them: in the helpdesk ticket's `marks:` hash now; `erp-ticket:<erpId>` (a JSON array, deflated) before, no longer read, lapsing within 30 days. */
  'erp-ticket': 'ERP ticket memory (spares a read per mirror run)',
  /** The duration last written to each ERP ticket (`duration:<erpId>`), in seconds; forever. */
  duration: 'duration memory',
  /** Fingerprint of the last note queued per helpdesk ticket (`last-note:<helpdeskId>:<ticketId>`); forever. */
  'last-note': 'last note memory (no repeated notes)',
  /** Markers of what the bridge itself wrote (`echo:<marker>`), consumed when the echo comes back; 1 hour to 7 days. */
  echo: 'echo markers',
  /** Idempotency claims (`once:<namespace>:<key>`): helpdesk tickets created for ERP tickets, intervention news, forever unless a TTL is given; inbound event ids are recent marks (`marks:…`; `once:recent:inbound:<helpdeskId>:<ticketId>` before, still read). */
  once: 'one-time claims',
  /** The last state a push-only helpdesk sent, `<version>\n<JSON deflated with a preset dictionary>`: up to 1 KiB in the ticket's `link:t:` hash (fields `p0`, `p1`, …), longer in `pushed:<helpdeskId>:<ticketId>` (a HASH v, state before); forever, without the bodies of a long conversation's mirrored articles. */
  pushed: 'pushed helpdesk snapshots',
  /** What a ticket saw lately, in one HASH per ticket (`marks:<helpdeskId>:<ticketId>`, digest → when the mark lapses): inbound event ids (7 days), updates delivered (30 days), the ticket's admin activity (fields `~0`, `~1`, …, 30 days) and the ERP ticket memory (fields `!0`, `!1`, …, 30 days); the hash lives as long as its longest-lived part. */
  marks: 'recent marks per ticket (inbound events seen, updates delivered)',
  /** Updates waiting for a helpdesk (`outbox:update:<helpdeskId>:<eventId>`, until delivered, at most 30 days); those delivered are recent marks (`marks:…`; `outbox:done:<helpdeskId>:<ticketId>` before, still read). */
  outbox: 'outbound updates',
  /** Customer and contract look-ups (`cache:<customer|contract>:<generation>:<key>`; `cache:generation`, raised when the ERP reports an account change, and `cache:generation:contract`, raised when it reports an intervention change); rules.customer.cacheTtlSeconds. */
  cache: 'look-up caches',
  /** What the admin page shows: hourly counters (49 h), each connection's last success and error (forever), each ticket's last events and jobs (in its `marks:` hash; `activity:t:<helpdeskId>:<ticketId>` before, 30 days), values pushed helpdesks used (30 days). */
  activity: 'admin page activity',
  /** Mapping entries saved from the admin page (`mapping:overrides`, forever) and the channel that tells every instance to reload (`mapping:changed`). */
  mapping: 'mapping overrides',
  /** Per-ticket job locks (`lock:<lock key>`); the lock's lease, renewed while the job runs. */
  lock: 'ticket locks',
  /** State changes the bridge saw on tickets whose plugin reads no history (`state-history:<helpdeskId>:<ticketId>`), at most 500 each; forever. */
  'state-history': 'recorded helpdesk state changes (service-level clocks)',
  /** Service levels: planned deadline job per ticket and target (`sla:deadlines`, also the development issues' due dates), figures per month opened (`sla:records:<YYYY-MM>`), open tickets' status (`sla:open`); forever. */
  sla: 'service-level deadlines, records and open statuses',
  /** Development issues of helpdesk tickets (`dev-issue:ticket:<source>:<ticketId>`, JSON) and the way back (`dev-issue:issue:<trackerId>:<issueId>`); forever. */
  'dev-issue': 'helpdesk ticket ↔ development issue links (dev escalation)',
} as const;

export type KeyNamespace = keyof typeof KEY_NAMESPACES;

/**
 * Every key the bridge writes starts with one prefix (config redis.prefix), so
 * several bridges (or test runs) can share a Redis and each can be removed alone.
 */
export class KeySpace {
  /** The prefix, ending with ':'. */
  readonly prefix: string;

  constructor(prefix: string) {
    if (!prefix) throw new Error('KeySpace prefix must not be empty');
    this.prefix = prefix.endsWith(':') ? prefix : `${prefix}:`;
  }

  key(namespace: KeyNamespace, ...parts: (string | number)[]): string {
    return this.prefix + [namespace, ...parts].join(':');
  }

  /** The BullMQ prefix: queues live under `<prefix>bull:<queue>:…`. */
  get queuePrefix(): string {
    return this.key('bull');
  }
}
