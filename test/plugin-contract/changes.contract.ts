import type { ChangePage, HelpdeskAdapter } from '../../src/plugin-sdk';
import type { ContractContext } from './context';

// One second before Europe's 2030 spring-forward: the tie second and the next one straddle the DST gap.
const BASE = new Date('2030-03-31T00:59:59Z');
const HOUR = 3600_000;

/** Calls listChanges until it says there is no more; returns every id listed and the last cursor. */
async function drain(adapter: HelpdeskAdapter, cursor: string | null, since: Date): Promise<{ ids: string[]; cursor: string | null }> {
  const ids: string[] = [];
  let current = cursor;
  for (let calls = 0; calls < 50; calls++) {
    const page: ChangePage = await adapter.listChanges!(current, since);
    expect(new Set(page.ticketIds).size).toBe(page.ticketIds.length);
    ids.push(...page.ticketIds);
    current = page.cursor;
    if (!page.more) return { ids, cursor: current };
  }
  throw new Error('listChanges kept saying more=true after 50 calls');
}

/** listChanges neither misses nor repeats tickets that share a timestamp, across pages and restarts. */
export function registerChangesContract(ctx: ContractContext): void {
  const pageSize = ctx.harness.capabilities.changesPageSize ?? 2;

  describe('listChanges', () => {
    it(`lists ${2 * pageSize + 1} tickets changed in the same second exactly once, across pages`, async () => {
      const control = ctx.control();
      await control.setClock(BASE);
      const created: string[] = [];
      for (let i = 0; i < 2 * pageSize + 1; i++) {
        created.push(
          await control.createTicket({ title: `burst ${i}`, customerEmail: 'b@acme.example', articles: [{ body: 'x', internal: false }] }),
        );
      }
      const { ids } = await drain(ctx.adapter(), null, new Date(BASE.getTime() - HOUR));
      expect(ids.sort()).toEqual([...created].sort());
    });

    it('after a restart with the saved cursor, lists only what changed since, even in the same second', async () => {
      const control = ctx.control();
      await control.setClock(BASE);
      const old = [];
      for (let i = 0; i < pageSize + 1; i++) {
        old.push(await control.createTicket({ title: `old ${i}`, customerEmail: 'c@acme.example', articles: [{ body: 'x', internal: false }] }));
      }
      const first = await drain(ctx.adapter(), null, new Date(BASE.getTime() - HOUR));
      expect(first.ids.sort()).toEqual([...old].sort());

      const sameSecond = await control.createTicket({
        title: 'late in the same second',
        customerEmail: 'c@acme.example',
        articles: [{ body: 'x', internal: false }],
      });
      await control.setClock(new Date(BASE.getTime() + 1000));
      const later = await control.createTicket({
        title: 'one second later',
        customerEmail: 'c@acme.example',
        articles: [{ body: 'x', internal: false }],
      });
      await control.changeTicket(old[0], { title: 'old 0, renamed' });

      const restarted = ctx.newAdapter();
      const second = await drain(restarted, first.cursor, new Date(BASE.getTime() - HOUR));
      expect(second.ids.sort()).toEqual([sameSecond, later, old[0]].sort());

      const third = await drain(ctx.newAdapter(), second.cursor, new Date(BASE.getTime() - HOUR));
      expect(third.ids).toEqual([]);
    });

    it('starts from `since` when there is no cursor', async () => {
      const control = ctx.control();
      await control.setClock(new Date(BASE.getTime() - 2 * HOUR));
      await control.createTicket({ title: 'before since', customerEmail: 'd@acme.example', articles: [{ body: 'x', internal: false }] });
      await control.setClock(BASE);
      const after = await control.createTicket({ title: 'after since', customerEmail: 'd@acme.example', articles: [{ body: 'x', internal: false }] });
      const { ids } = await drain(ctx.adapter(), null, new Date(BASE.getTime() - HOUR));
      expect(ids).toEqual([after]);
    });
  });
}
