import type { DevEscalationMark, HelpdeskDevEscalation } from '../../config/dev-escalation-schema';
import type { DevUrgency, HelpdeskTicket } from '../../plugin-sdk';

/** The first mark the ticket carries (its type, queue, state or a custom field's value), or null. */
export function matchingMark(ticket: HelpdeskTicket, marks: readonly DevEscalationMark[]): DevEscalationMark | null {
  return marks.find((mark) => carries(ticket, mark)) ?? null;
}

function carries(ticket: HelpdeskTicket, mark: DevEscalationMark): boolean {
  if ('type' in mark) return ticket.type === mark.type;
  if ('queue' in mark) return ticket.queue === mark.queue;
  if ('state' in mark) return ticket.state === mark.state;
  const value = ticket.customFields?.[mark.field];
  // Custom fields with several values arrive joined by ", ": the mark matches any one of them.
  return value !== undefined && (value === mark.value || value.split(', ').includes(mark.value));
}

/** A mark in words, for logs and notes: `type "Bug"`, `field Escalate = "yes"`. */
export function describeMark(mark: DevEscalationMark): string {
  if ('type' in mark) return `type "${mark.type}"`;
  if ('queue' in mark) return `queue "${mark.queue}"`;
  if ('state' in mark) return `state "${mark.state}"`;
  return `field ${mark.field} = "${mark.value}"`;
}

const WORDS: ReadonlyArray<[RegExp, DevUrgency]> = [
  [/critical|urgent|emergency|blocker|very high|highest/, 'critical'],
  [/very low|lowest|low/, 'low'],
  [/high/, 'high'],
];

/** Znuny-style "1 very low" … "5 very high": the leading digit of a priority on a scale of five. */
const BY_DIGIT: Readonly<Record<string, DevUrgency>> = { '1': 'low', '2': 'low', '3': 'normal', '4': 'high', '5': 'critical' };

/**
 * The development issue's urgency: the configured mapping of the helpdesk priority first; otherwise a guess
 * from its words (critical / urgent / emergency / blocker → critical, high → high, low → low), then from a
 * leading digit on Znuny's scale of five (5 critical, 4 high, 3 normal, 1–2 low); anything else is normal.
 */
export function devUrgency(priority: string | undefined, configured: Readonly<Record<string, DevUrgency>>): DevUrgency {
  if (priority === undefined) return 'normal';
  const mapped = configured[priority];
  if (mapped) return mapped;
  const lower = priority.toLowerCase();
  const word = WORDS.find(([re]) => re.test(lower));
  if (word) return word[1];
  const digit = /^([1-5])(\s|$)/.exec(lower)?.[1];
  return (digit && BY_DIGIT[digit]) || 'normal';
}

/** What the development issue's templates receive; optional parts are absent when the helpdesk has none. */
export interface DevIssueFacts {
  title: string;
  description: string;
  steps?: string;
  environment?: string;
  observed?: string;
  expected?: string;
  urgency: DevUrgency;
  helpdeskNumber: string;
  /** The helpdesk ticket's page, when the helpdesk's `ticketUrl` is configured. */
  helpdeskUrl?: string;
  erpRef?: string;
  customer?: string;
}

/** The facts of a helpdesk ticket that go into its development issue. */
export function devIssueFacts(
  ticket: HelpdeskTicket,
  config: Pick<HelpdeskDevEscalation, 'fields' | 'urgency'>,
  extra: { erpRef?: string; helpdeskUrl?: string },
): DevIssueFacts {
  const field = (name: string | undefined) => {
    const value = name ? ticket.customFields?.[name]?.trim() : undefined;
    return value ? value : undefined;
  };
  const customer = [ticket.customer.company, ticket.customer.name, ticket.customer.email].filter((p): p is string => !!p?.trim());
  return omitUndefined({
    title: ticket.title.trim() || `Helpdesk ticket ${ticket.number}`,
    description: ticket.body.trim(),
    steps: field(config.fields.steps),
    environment: field(config.fields.environment),
    observed: field(config.fields.observed),
    expected: field(config.fields.expected),
    urgency: devUrgency(ticket.priority, config.urgency),
    helpdeskNumber: ticket.number,
    helpdeskUrl: extra.helpdeskUrl,
    erpRef: extra.erpRef,
    customer: customer.length ? customer.join(' / ') : undefined,
  });
}

function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * When to remind the agent next: the due instant itself while it is still ahead, then every `chaseEvery`
 * after it, the first such instant after `now`.
 */
export function nextReminder(dueAt: Date, chaseEveryMs: number, now: Date): Date {
  if (dueAt.getTime() > now.getTime()) return dueAt;
  const periods = Math.floor((now.getTime() - dueAt.getTime()) / chaseEveryMs) + 1;
  return new Date(dueAt.getTime() + periods * chaseEveryMs);
}
