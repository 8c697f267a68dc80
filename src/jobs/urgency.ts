/**
 * How soon work must run. A change a person just made (webhook from either side, and what it causes) runs
 * before catch-up (polls finding what webhooks missed) which runs before bulk (backfill, relink, imports), so
 * a support agent never waits behind thousands of queued bulk jobs. Within one urgency, oldest first.
 */
const URGENCIES = ['person', 'catch-up', 'bulk'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * BullMQ priorities: none (0) goes to the plain wait list, which workers drain before any prioritized job;
 * among prioritized jobs the lower number first, in insertion order.
 */
const PRIORITY: Record<Urgency, number> = { person: 0, 'catch-up': 1, bulk: 2 };

export function priorityOf(urgency: Urgency): number {
  return PRIORITY[urgency];
}

export function urgencyOfPriority(priority: number | undefined): Urgency {
  return URGENCIES.find((u) => PRIORITY[u] === (priority ?? 0)) ?? 'bulk';
}
