import type { StateCategory, StateChange, TicketSnapshot } from '../../plugin-sdk';

/** The ticket's states as periods: each entry holds from its `at` until the next one (or now). */
export type Timeline = StateChange[];

/**
 * Orders a ticket's state changes into a timeline starting at its creation. Changes dated before the
 * creation (clock skew between systems) count from the creation; a history that does not end in the
 * ticket's current state gets that state from the ticket's last change, so a late or partial history
 * still yields the state everyone sees.
 */
export function stateTimeline(createdAt: Date, changes: readonly StateChange[], current: StateCategory, updatedAt: Date): Timeline {
  const start = createdAt.getTime();
  const sorted = changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.at.getTime() - b.c.at.getTime() || a.i - b.i)
    .map(({ c }) => ({ at: new Date(Math.max(start, c.at.getTime())), stateCategory: c.stateCategory }));
  const timeline: Timeline = [{ at: createdAt, stateCategory: sorted[0]?.at.getTime() === start ? sorted[0].stateCategory : 'new' }];
  for (const change of sorted) {
    const last = timeline[timeline.length - 1]!;
    if (change.at.getTime() === last.at.getTime()) last.stateCategory = change.stateCategory;
    else if (change.stateCategory !== last.stateCategory) timeline.push(change);
  }
  const last = timeline[timeline.length - 1]!;
  if (last.stateCategory !== current) timeline.push({ at: new Date(Math.max(updatedAt.getTime(), last.at.getTime())), stateCategory: current });
  return timeline;
}

/**
 * The first public answer of an agent after the ticket was opened. Helpdesks that do not say who wrote
 * an article (byAgent absent) are read as: a public article other than the opening one, not written
 * from the customer's address.
 */
export function firstAgentAnswer(snapshot: TicketSnapshot): Date | undefined {
  const customer = snapshot.ticket.customer.email?.toLowerCase();
  const ordered = [...snapshot.articles].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const answer = ordered.find((a, i) => {
    if (a.internal) return false;
    if (a.byAgent !== undefined) return a.byAgent;
    return i > 0 && !(customer && a.author?.toLowerCase().includes(customer));
  });
  return answer?.createdAt;
}
