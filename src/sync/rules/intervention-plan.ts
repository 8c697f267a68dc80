import type { DolIntervention } from '../../erp/dolibarr/types';
import type { HelpdeskTicket, TimeEntry } from '../../plugin-sdk';
import type { RulesConfig } from '../../config/rules-schema';
import type { TicketKey, TimeEntryLink } from '../ports';
import type { RenderTemplate } from '../templates';
import { ERP_EXTRAFIELDS } from './erp-extrafields';
import { groupMarker, groupOf, interventionGroup, type InterventionGroup } from './intervention-groups';
import type { InterventionAction, InterventionReport, InterventionTarget, ReportReason } from './intervention-actions';
import { checkTimeEntry } from './time-entry-check';
import { localDay } from './local-day';
import { messageAuthor, type Person } from './erp-display';

/** What the intervention's texts name, as users of both systems read them. */
interface InterventionTexts {
  /** The ERP ticket ref (HD-…). */
  erpRef: string;
  /** The helpdesk ticket as its users quote it ("znuny #2026…"). */
  helpdeskTicket: string;
  /** The requester as shown on the ERP ticket. */
  requester?: string;
  /** The ticket's customer, to tell their time entries from the support team's. */
  customer: Person;
  defaultCountry: string;
}

export interface InterventionPlanInput {
  ticketKey: TicketKey;
  /** The helpdesk ticket: number and title for texts, stateCategory for validation, closedAt for late entries. */
  ticket: Pick<HelpdeskTicket, 'number' | 'title' | 'stateCategory' | 'closedAt'>;
  /** True the first time the bridge mirrors the ticket (new ticket, backfill): its time entries are history, never late. */
  firstSight?: boolean;
  /** The ERP ticket and its resolved third party / covering contract. */
  erp: { ticketId: number; socid: number; contractId?: number | null };
  texts: InterventionTexts;
  timeEntries: TimeEntry[];
  existingLinks: TimeEntryLink[];
  /** Current Dolibarr state of the ticket's interventions (at least those the bridge created). */
  interventions: DolIntervention[];
  config: Pick<RulesConfig, 'interventions' | 'timeZone'>;
  /** True when the client can delete intervention lines (see InterventionLineDeletion). */
  canDeleteLines: boolean;
  render: RenderTemplate;
}

/**
 * Pure planning of the intervention side of a ticket: which interventions and lines to
 * create, which draft lines to replace, what to report, what to validate. Run it on
 * fresh state each time; the plan is never resumed after a failure.
 */
export function planInterventionSync(input: InterventionPlanInput): InterventionAction[] {
  const { ticketKey, config, render } = input;
  const tz = config.timeZone;
  const byId = new Map(input.interventions.map((i) => [i.id, i]));
  const groups = new Map<number, InterventionGroup>();
  for (const i of input.interventions) {
    const g = interventionGroup(i, ticketKey);
    if (g !== null) groups.set(i.id, g);
  }
  const linkByEntry = new Map(input.existingLinks.map((l) => [l.entryId, l]));
  const linkedLineIds = new Set(input.existingLinks.map((l) => l.lineId));
  const done = (config.interventions.validateOn as string[]).includes(input.ticket.stateCategory);
  const closes = (config.interventions.closeOn as string[]).includes(input.ticket.stateCategory);
  const texts = { erpRef: input.texts.erpRef, helpdeskTicket: input.texts.helpdeskTicket, requester: input.texts.requester };

  const deletions: InterventionAction[] = [];
  const additions: InterventionAction[] = [];
  const reports: InterventionAction[] = [];
  const newGroups = new Set<InterventionGroup>();
  const touchedDrafts = new Set<number>();
  const report = (reason: ReportReason, entryId: string, message: string, facts: string, interventionId?: number) => {
    const r: InterventionReport = {
      reason,
      entryId,
      interventionId,
      message,
      key: `${ticketKey.helpdeskId}:${ticketKey.ticketId}:${entryId}:${reason}:${facts}`,
    };
    reports.push({ type: 'report', report: r });
  };
  const changeReport = (entryId: string, link: TimeEntryLink, entry: TimeEntry | undefined, iv: DolIntervention | undefined) => {
    const reason: ReportReason = !iv
      ? 'intervention-missing'
      : iv.status !== 0
        ? entry
          ? 'changed-after-validation'
          : 'removed-after-validation'
        : 'draft-line-not-editable';
    const message = render('intervention-change-reported', {
      entryId,
      removed: !entry,
      oldSeconds: link.seconds,
      newSeconds: entry?.seconds,
      missing: !iv,
      validated: !!iv && iv.status !== 0,
      interventionRef: iv?.ref,
      interventionId: link.interventionId,
    });
    report(reason, entryId, message, entry ? `${entry.seconds}@${entry.start.getTime()}` : 'removed', link.interventionId);
  };

  const draftFor = (group: InterventionGroup): InterventionTarget => {
    const existing = input.interventions.filter((i) => i.status === 0 && groups.get(i.id) === group).sort((a, b) => a.id - b.id)[0];
    if (existing) {
      touchedDrafts.add(existing.id);
      return { kind: 'existing', interventionId: existing.id };
    }
    if (!newGroups.has(group)) {
      newGroups.add(group);
      const day = group.startsWith('day:') ? group.slice(4) : undefined;
      additions.push({
        type: 'create-intervention',
        group,
        input: {
          socid: input.erp.socid,
          contractId: input.erp.contractId ?? undefined,
          ticketId: input.erp.ticketId,
          description: render('intervention-description', { ticket: input.ticket, day, ...texts }),
          extrafields: { [ERP_EXTRAFIELDS.fichinter.helpdeskEntry]: groupMarker(ticketKey, group) },
        },
      });
    }
    return { kind: 'new', group };
  };

  const addEntry = (entry: TimeEntry) => {
    const group = groupOf(entry.start, config.interventions.grouping, tz);
    const authorName = entry.author ? messageAuthor(entry.author, input.texts.customer, input.texts.defaultCountry).name : undefined;
    const description = render('intervention-line', {
      entryId: entry.id,
      seconds: entry.seconds,
      author: entry.author,
      authorName,
      note: entry.note,
      ticket: input.ticket,
      day: localDay(entry.start, tz),
      ...texts,
    });
    const orphan = findUnlinkedLine(input.interventions, groups, group, entry, description, linkedLineIds);
    if (orphan) {
      linkedLineIds.add(orphan.lineId);
      additions.push({ type: 'adopt-line', ...orphan, entryId: entry.id, seconds: entry.seconds, startMs: entry.start.getTime() });
      return;
    }
    additions.push({
      type: 'add-line',
      target: draftFor(group),
      entryId: entry.id,
      line: { description, date: entry.start, durationSeconds: entry.seconds },
    });
  };

  const entries = [...input.timeEntries].sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
  for (const entry of entries) {
    const invalid = checkTimeEntry(entry, config.interventions.maxEntrySeconds);
    if (invalid) {
      report('rejected', entry.id, render('time-entry-rejected', { entryId: entry.id, reason: invalid.issues.join('; ') }), `${entry.seconds}`);
      continue;
    }
    const link = linkByEntry.get(entry.id);
    if (link && link.seconds === entry.seconds && link.startMs === entry.start.getTime()) continue;
    if (link) {
      const iv = byId.get(link.interventionId);
      if (!iv || iv.status !== 0 || !input.canDeleteLines) {
        changeReport(entry.id, link, entry, iv);
        continue;
      }
      deletions.push({ type: 'delete-line', interventionId: iv.id, lineId: link.lineId, entryId: entry.id });
      linkedLineIds.delete(link.lineId);
    }
    addEntry(entry);
    if (!link && done && isLate(entry, input)) {
      report(
        'late-entry',
        entry.id,
        render('time-entry-late', { entryId: entry.id, seconds: entry.seconds, state: input.ticket.stateCategory }),
        `${entry.seconds}`,
      );
    }
  }

  const present = new Set(input.timeEntries.map((e) => e.id));
  for (const link of input.existingLinks) {
    if (present.has(link.entryId)) continue;
    const iv = byId.get(link.interventionId);
    if (!iv) deletions.push({ type: 'forget-link', entryId: link.entryId });
    else if (iv.status === 0 && input.canDeleteLines)
      deletions.push({ type: 'delete-line', interventionId: iv.id, lineId: link.lineId, entryId: link.entryId });
    else changeReport(link.entryId, link, undefined, iv);
  }

  const validations: InterventionAction[] = [];
  if (done) {
    const deleted = new Set(deletions.flatMap((a) => (a.type === 'delete-line' ? [a.lineId] : [])));
    for (const i of input.interventions) {
      if (i.status !== 0 || !groups.has(i.id)) continue;
      const keepsLines = i.lines.some((l) => !deleted.has(l.id)) || touchedDrafts.has(i.id);
      if (keepsLines) validations.push({ type: 'validate', target: { kind: 'existing', interventionId: i.id } });
    }
    for (const group of newGroups) validations.push({ type: 'validate', target: { kind: 'new', group } });
  }
  // "Done" once the ticket is closed, where configured: the bridge's validated interventions and those it validates now.
  if (done && closes) {
    for (const v of validations) if (v.type === 'validate') validations.push({ type: 'close', target: v.target });
    for (const i of input.interventions)
      if (i.status === 1 && groups.has(i.id)) validations.push({ type: 'close', target: { kind: 'existing', interventionId: i.id } });
  }
  return [...deletions, ...additions, ...validations, ...reports];
}

/** A line identical to the entry's, in one of this ticket's interventions of the same group, that no link claims: added by a run that crashed before saving its link. */
function findUnlinkedLine(
  interventions: DolIntervention[],
  groups: Map<number, InterventionGroup>,
  group: InterventionGroup,
  entry: TimeEntry,
  description: string,
  linkedLineIds: Set<number>,
): { interventionId: number; lineId: number } | null {
  const startSec = Math.floor(entry.start.getTime() / 1000);
  for (const i of interventions) {
    if (groups.get(i.id) !== group) continue;
    const line = i.lines.find(
      (l) =>
        !linkedLineIds.has(l.id) &&
        l.durationSeconds === entry.seconds &&
        l.date !== null &&
        Math.floor(l.date.getTime() / 1000) === startSec &&
        l.description === description,
    );
    if (line) return { interventionId: i.id, lineId: line.id };
  }
  return null;
}

/**
 * Late means booked after the helpdesk closed the ticket, by the helpdesk's own timestamps, not by the order in which
 * the bridge saw things; a helpdesk that does not give its close time, or a first sight of the ticket, has none.
 */
function isLate(entry: TimeEntry, input: InterventionPlanInput): boolean {
  const closedAt = input.ticket.closedAt;
  if (input.firstSight || !closedAt) return false;
  return (entry.bookedAt ?? entry.start).getTime() > closedAt.getTime();
}
