import type { OutboundUpdate } from '../../src/plugin-sdk';
import type { ContractContext } from './context';

let counter = 0;
function update(ticketId: string, extra: Partial<OutboundUpdate>): OutboundUpdate {
  counter += 1;
  return { eventId: `contract-dev-${counter}-${ticketId}`, type: 'dev_issue.created', ticketId, occurredAt: new Date(), data: {}, ...extra };
}

const seed = (ctx: ContractContext) =>
  ctx.control().createTicket({
    title: 'Escalated bug',
    customerEmail: 'c@acme.example',
    stateCategory: 'open',
    articles: [{ body: 'it crashes', internal: false }],
  });

/** An adapter declaring `customerReplies` writes `reply` where the customer sees it, once per event. */
export function registerReplyContract(ctx: ContractContext): void {
  it('deliver: writes the reply as an answer the customer sees, once, however often the event is delivered', async () => {
    const id = await seed(ctx);
    const reply = 'A development ticket was opened for your problem; we will tell you when it is fixed.';
    const u = update(id, { note: 'Development issue opened.', reply });
    await ctx.adapter().deliver!(u);
    await ctx.newAdapter().deliver!(u);
    const replies = await ctx.control().customerReplies!(id);
    expect(replies.filter((body) => body.includes(reply))).toHaveLength(1);
    expect(replies.filter((body) => body.includes('Development issue opened.'))).toHaveLength(0);
  });
}

/** An adapter declaring `reminders` sets `remindAt` as the ticket's due date or pending reminder, to its resolution. */
export function registerReminderContract(ctx: ContractContext): void {
  it('deliver: sets the reminder, and moves it when a later update carries another', async () => {
    const resolution = ctx.harness.capabilities.reminderResolutionMs;
    if (!resolution) throw new Error('the harness must give reminderResolutionMs for an adapter with reminders');
    const id = await seed(ctx);
    const first = new Date(Date.now() + 7 * 86_400_000);
    await ctx.adapter().deliver!(update(id, { remindAt: first }));
    const held = await ctx.control().reminder!(id);
    expect(held).toBeDefined();
    expect(Math.abs(held!.getTime() - first.getTime())).toBeLessThan(resolution);
    const later = new Date(first.getTime() + 14 * 86_400_000);
    await ctx.adapter().deliver!(update(id, { type: 'dev_issue.overdue', remindAt: later }));
    expect(Math.abs((await ctx.control().reminder!(id))!.getTime() - later.getTime())).toBeLessThan(resolution);
  });
}
