import type { SlaConfig } from '../../config/sla-schema';
import type { BusinessCalendar } from '../rules/business-calendar';
import { computeClock, type SlaClock, type TargetFigures } from '../rules/sla-clock';
import { changedExtrafields, erpInstant, slaExtrafields } from '../rules/sla-erp-fields';
import { choosePolicy, contractPolicyName, type PolicySubject } from '../rules/sla-policy';
import type { DeadlinePlanner, SlaRecordStore, StateHistoryStore } from '../ports';
import { slaRecord } from '../rules/sla-record';
import { DateTime } from 'luxon';
import { firstAgentAnswer, stateTimeline } from '../rules/state-timeline';
import { renderTemplate } from '../templates';
import type { EngineDeps } from '../shared/deps';
import type { MirrorContext, MirrorStep } from './mirror-context';
import { escalate } from './escalate';
import { postPrivateErpNoteOnce } from './private-erp-note';
import { emitUpdate } from '../shared/emit-update';

export interface SlaWiring {
  sla: SlaConfig;
  calendars: ReadonlyMap<string, BusinessCalendar>;
  history: StateHistoryStore;
  planner: DeadlinePlanner;
  records: SlaRecordStore;
}

const TARGETS = [
  { key: 'firstResponse', slot: 'first-response', label: 'first response' },
  { key: 'resolution', slot: 'resolution', label: 'resolution' },
] as const;

/**
 * Service levels and escalation on every mirror run: the clock is recomputed from the ticket's history,
 * written to the ERP ticket's extrafields, reported once when at risk and once when breached, and the next
 * instant the figures change by themselves is planned as a delayed job.
 */
export function slaStep(w: SlaWiring): MirrorStep {
  return {
    name: 'sla',
    async run(ctx, deps) {
      const t = ctx.snapshot.ticket;
      const history = ctx.snapshot.stateHistory ?? (await w.history.record(ctx.key, { at: t.updatedAt, stateCategory: t.stateCategory }));
      const timeline = stateTimeline(t.createdAt, history, t.stateCategory, t.updatedAt);
      const now = deps.now();
      await escalate(ctx, deps, { rules: w.sla.escalations, calendars: w.calendars, planner: w.planner }, timeline, now);

      const choice = choosePolicy(w.sla, await policySubject(ctx, deps, w.sla));
      // Months of the report are those of the support rules (billing periods too).
      const month = DateTime.fromJSDate(t.createdAt, { zone: deps.rules.timeZone }).toFormat('yyyy-MM');
      if (choice.kind !== 'applies') {
        await w.records.forget(month, ctx.key);
        const label = choice.kind === 'excluded' ? `${choice.policy.name} (type excluded)` : undefined;
        setExtrafields(ctx, slaExtrafields(null, '', label));
        for (const target of TARGETS) await w.planner.plan(ctx.key, target.slot, null);
        return;
      }
      const calendar = w.calendars.get(choice.policy.calendar)!;
      const firstResponseAt = firstAgentAnswer(ctx.snapshot);
      const clock = computeClock({ policy: choice.policy, calendar, atRiskPercent: w.sla.atRiskPercent, timeline, firstResponseAt, now });
      setExtrafields(ctx, slaExtrafields(clock, calendar.timeZone));
      const open = !choice.policy.stopStates.includes(t.stateCategory);
      const base = {
        helpdeskId: ctx.key.helpdeskId,
        ticketId: ctx.key.ticketId,
        erpRef: ctx.link.erpRef,
        socid: ctx.pendingUpdate.socid ?? ctx.erpTicket.socid ?? null,
        customerEmail: t.customer.email ?? null,
        priority: t.priority ?? null,
        policy: clock.policy,
        createdAt: t.createdAt.toISOString(),
        open,
      };
      await w.records.save(month, slaRecord(base, clock, { firstResponse: firstResponseAt !== undefined, resolution: !open }));
      for (const target of TARGETS) {
        const figures = clock[target.key];
        if (figures) await report(ctx, deps, clock, figures, target.label, calendar.timeZone, now);
        await w.planner.plan(ctx.key, target.slot, figures?.state === 'running' ? nextInstant(figures, now) : null);
      }
    },
  };
}

function setExtrafields(ctx: MirrorContext, wanted: Record<string, string | number | null>): void {
  const changed = changedExtrafields(wanted, ctx.erpTicket.extrafields);
  if (Object.keys(changed).length) ctx.pendingUpdate.extrafields = { ...ctx.pendingUpdate.extrafields, ...changed };
}

function nextInstant(t: TargetFigures, now: Date): Date | null {
  const upcoming = [t.atRiskAt, t.dueAt].filter((d): d is Date => d !== undefined && d.getTime() > now.getTime());
  return upcoming.sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
}

/** The customer's ERP identity and the policy its contract names; read only when a policy could use them. */
async function policySubject(ctx: MirrorContext, deps: EngineDeps, sla: SlaConfig): Promise<PolicySubject> {
  const t = ctx.snapshot.ticket;
  const socid = ctx.pendingUpdate.socid ?? ctx.erpTicket.socid;
  const contractId = ctx.pendingUpdate.contractId ?? ctx.erpTicket.contractId;
  const customers: string[] = [];
  if (socid && sla.policies.some((p) => p.match.customers.length > 0)) {
    const party = await deps.erp.getThirdParty(socid);
    if (party) customers.push(party.name, ...(party.codeClient ? [party.codeClient] : []));
  }
  let contractPolicy: string | undefined;
  if (contractId) {
    const contract = await deps.erp.getContract(contractId);
    if (contract) {
      contractPolicy = contractPolicyName(sla, {
        extrafields: contract.extrafields,
        serviceRefs: contract.lines.filter((l) => l.status === 4).flatMap((l) => (l.productRef ? [l.productRef] : [])),
      });
    }
  }
  return { helpdeskId: ctx.key.helpdeskId, type: t.type, priority: t.priority, customers, contractPolicy };
}

/** At risk: an internal note in the helpdesk. Breached: a note in the helpdesk and a private ERP message. Once each. */
async function report(
  ctx: MirrorContext,
  deps: EngineDeps,
  clock: SlaClock,
  t: TargetFigures,
  label: string,
  timeZone: string,
  now: Date,
): Promise<void> {
  const facts = {
    policy: clock.policy,
    target: label,
    targetMinutes: t.targetMinutes,
    usedMinutes: Math.floor(t.usedMs / 60_000),
    due: erpInstant(t.dueAt ?? t.breachedAt, timeZone),
    ticket: ctx.link.erpRef,
  };
  const id = `${ctx.link.erpId}:${label.replace(' ', '-')}`;
  const atRisk = t.atRiskAt && t.atRiskAt.getTime() <= now.getTime() && t.state !== 'met';
  if (atRisk && t.state !== 'breached') {
    await emitOnce(deps, ctx, `sla.at_risk:${id}`, { type: 'sla.at_risk', data: facts, note: renderTemplate('sla-at-risk', facts) });
  }
  if (t.state === 'breached') {
    await emitOnce(deps, ctx, `sla.breached:${id}`, {
      type: 'sla.breached',
      data: { ...facts, breachedAt: t.breachedAt?.toISOString() },
      note: renderTemplate('sla-breached', facts),
    });
    await erpBreachMessage(ctx, deps, `sla.breached:${id}`, renderTemplate('sla-erp-breached', facts));
  }
}

async function emitOnce(
  deps: EngineDeps,
  ctx: MirrorContext,
  eventId: string,
  update: { type: 'sla.at_risk' | 'sla.breached'; data: Record<string, unknown>; note: string },
): Promise<void> {
  // The outbox forgets after a while; the claim keeps "once" for the ticket's life.
  if (await deps.once.has('sla-report', eventId)) return;
  await emitUpdate(deps, ctx.key, { eventId, ...update });
  await deps.once.claim('sla-report', eventId);
}

async function erpBreachMessage(ctx: MirrorContext, deps: EngineDeps, eventId: string, text: string): Promise<void> {
  if (await deps.once.has('sla-erp-message', eventId)) return;
  if (await postPrivateErpNoteOnce(ctx, deps, text)) {
    deps.logger.info('service-level breach reported in the ERP', { ...ctx.key, erpId: ctx.link.erpId, eventId });
  }
  await deps.once.claim('sla-erp-message', eventId);
}
