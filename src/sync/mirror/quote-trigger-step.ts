import type { MirrorStep } from './mirror-context';
import { quoteTrigger } from '../rules/quote-events';

/** A helpdesk type or state configured as a quote trigger raises one quote per ticket. */
export const quoteTriggerStep: MirrorStep = {
  name: 'quote-trigger',
  async run(ctx, deps) {
    const decision = quoteTrigger(ctx.snapshot.ticket, undefined, deps.rules.quotes);
    if (!decision.raise) return;
    if (await deps.links.getQuoteLink(ctx.key, decision.requestId)) return;
    deps.logger.info('quote triggered by the helpdesk', { ...ctx.key, reason: decision.reason });
    await deps.scheduler.raiseQuote(ctx.key, decision.requestId);
  },
};
