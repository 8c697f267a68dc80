import type { StateCategory } from '../../plugin-sdk';
import type { EngineDeps } from '../shared/deps';
import type { MirrorContext, MirrorStep } from './mirror-context';
import { describeMark, matchingMark } from '../rules/dev-escalation';
import { ERP_EXTRAFIELDS } from '../rules/erp-extrafields';
import { changedExtrafields } from '../rules/sla-erp-fields';
import { renderTemplate } from '../templates';
import { postPrivateErpNoteOnce } from './private-erp-note';

/** A ticket already finished is not escalated when it carries a mark (a backfill, a mark set before the feature). */
const FINISHED: readonly StateCategory[] = ['resolved', 'closed', 'merged', 'removed'];

/**
 * Dev escalation on every mirror run. A ticket carrying a configured mark and not yet linked to a development
 * issue gets a `dev-escalate` job: the tracker is never called here, so its outage cannot hold up the ERP
 * mirror. A linked ticket's ERP ticket carries the issue's reference and link, and a private message when the
 * issue was opened and another when it ended, each once; that is also how an ERP ticket created after the
 * escalation gets them.
 */
export const devEscalationStep: MirrorStep = {
  name: 'dev-escalation',
  async run(ctx, deps) {
    const w = deps.devEscalation;
    if (!w) return;
    const link = await w.links.get(ctx.key);
    if (!link) {
      const ticket = ctx.snapshot.ticket;
      const mark = FINISHED.includes(ticket.stateCategory) ? null : matchingMark(ticket, w.config.helpdesks[ctx.key.helpdeskId]?.marks ?? []);
      if (!mark) return;
      deps.logger.info('ticket marked as a development bug; escalation queued', { ...ctx.key, mark: describeMark(mark) });
      await deps.scheduler.devEscalate(ctx.key);
      return;
    }
    const wanted = changedExtrafields(
      { [ERP_EXTRAFIELDS.ticket.devIssue]: link.reference, [ERP_EXTRAFIELDS.ticket.devIssueUrl]: link.url },
      ctx.erpTicket.extrafields,
    );
    if (Object.keys(wanted).length) ctx.pendingUpdate.extrafields = { ...ctx.pendingUpdate.extrafields, ...wanted };
    const facts = { reference: link.reference, url: link.url, helpdeskNumber: ctx.snapshot.ticket.number };
    let current = link;
    if (!current.erpCreatedNotedAt) {
      await postPrivateOnce(ctx, deps, renderTemplate('dev-issue-erp-created', facts));
      current = { ...current, erpCreatedNotedAt: deps.now() };
      await w.links.save(ctx.key, current);
    }
    if (current.doneAt && !current.erpDoneNotedAt) {
      await postPrivateOnce(ctx, deps, renderTemplate('dev-issue-erp-done', { ...facts, cancelled: current.doneCategory === 'cancelled' }));
      await w.links.save(ctx.key, { ...current, erpDoneNotedAt: deps.now() });
    }
  },
};

async function postPrivateOnce(ctx: MirrorContext, deps: EngineDeps, text: string): Promise<void> {
  if (await postPrivateErpNoteOnce(ctx, deps, text)) deps.logger.info('development issue reported in the ERP', { ...ctx.key, erpId: ctx.link.erpId });
}
