/**
 * Records and job payloads written before the helpdesk id got one name call it `source`; they may still be in Redis
 * after an upgrade (links kept forever, queued and failed jobs, pushed snapshots). Readers pass them through here.
 */
export function withHelpdeskId<T>(value: T): T {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('source' in value) || 'helpdeskId' in value) return value;
  const { source, ...rest } = value as Record<string, unknown>;
  return { ...rest, helpdeskId: source } as T;
}

/** A pushed snapshot's state: its ticket carries the helpdesk id. */
export function pushedStateWithHelpdeskId(value: unknown): unknown {
  if (!value || typeof value !== 'object' || !('ticket' in value)) return value;
  return { ...value, ticket: withHelpdeskId((value as { ticket: unknown }).ticket) };
}
