import type { InboundEvent, FetchResult } from '../../src/plugin-sdk';
import { type ContractContext, fetchFound } from './context';

/** Events the poll reports from now on (the poll starts an hour back so the seeded tickets count). */
async function polledEvents(ctx: ContractContext): Promise<InboundEvent[]> {
  const adapter = ctx.adapter();
  if (!adapter.listChanges) return [];
  const events: InboundEvent[] = [];
  let cursor: string | null = null;
  for (let calls = 0; calls < 50; calls++) {
    const page = await adapter.listChanges(cursor, new Date(Date.now() - 24 * 3600_000));
    events.push(...(page.events ?? []));
    cursor = page.cursor;
    if (!page.more) break;
  }
  return events;
}

async function fetchOrNull(ctx: ContractContext, id: string): Promise<FetchResult | null> {
  return ctx.adapter().fetchTicket ? ctx.adapter().fetchTicket!(id) : null;
}

/** A merge is an event, not silence; booked time moves with it without changing ids. */
export function registerMergeContract(ctx: ContractContext): void {
  it('merge: the source reports where it went, and the target keeps the moved time entries under their ids', async () => {
    const control = ctx.control();
    await control.setClock(new Date());
    const source = await control.createTicket({
      title: 'Duplicate',
      customerEmail: 'm@acme.example',
      articles: [{ body: 'same problem', internal: false, timeSeconds: 20 * 60 }],
    });
    const target = await control.createTicket({
      title: 'Original',
      customerEmail: 'm@acme.example',
      articles: [{ body: 'problem', internal: false, timeSeconds: 10 * 60 }],
    });
    const before = ctx.harness.capabilities.timeEntries
      ? [...(await fetchFound(ctx.adapter(), source)).timeEntries, ...(await fetchFound(ctx.adapter(), target)).timeEntries]
      : [];
    await control.merge!(source, target);

    const fetched = await fetchOrNull(ctx, source);
    const viaFetch = fetched?.kind === 'merged' && fetched.into === target;
    const viaPoll = (await polledEvents(ctx)).some((e) => e.type === 'ticket.merged' && e.ticketId === source && e.intoId === target);
    expect(viaFetch || viaPoll).toBe(true);

    if (ctx.harness.capabilities.timeEntries) {
      const after = (await fetchFound(ctx.adapter(), target)).timeEntries;
      expect(after.map((e) => e.id).sort()).toEqual(before.map((e) => e.id).sort());
      expect(after.reduce((s, e) => s + e.seconds, 0)).toBe(30 * 60);
    }
  });
}

/** A deletion is an event, not silence. */
export function registerDeleteContract(ctx: ContractContext): void {
  it('delete: a removed ticket comes out as deleted', async () => {
    const control = ctx.control();
    await control.setClock(new Date());
    const id = await control.createTicket({ title: 'Spam', customerEmail: 's@acme.example', articles: [{ body: 'buy now', internal: false }] });
    await control.remove!(id);
    const fetched = await fetchOrNull(ctx, id);
    const viaFetch = fetched?.kind === 'deleted';
    const viaPoll = (await polledEvents(ctx)).some((e) => e.type === 'ticket.deleted' && e.ticketId === id);
    expect(viaFetch || viaPoll).toBe(true);
  });
}
