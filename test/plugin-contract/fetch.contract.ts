import { ticketSnapshotSchema } from '../../src/plugin-sdk';
import { type ContractContext, fetchFound } from './context';

/** fetchTicket returns the normalized model: articles with visibility, time entries with stable ids, customer, state. */
export function registerFetchContract(ctx: ContractContext): void {
  describe('fetchTicket', () => {
    it('returns the normalized ticket with customer, state category and articles with their visibility', async () => {
      const control = ctx.control();
      const id = await control.createTicket({
        title: 'Printer on fire',
        customerEmail: 'john.doe@acme.example',
        stateCategory: 'open',
        articles: [
          { body: 'The printer in room 42 is on fire.', internal: false },
          { body: 'Called the vendor, replacement ordered.', internal: true },
        ],
      });
      const snapshot = await fetchFound(ctx.adapter(), id);
      expect(() => ticketSnapshotSchema.parse(snapshot)).not.toThrow();
      expect(snapshot.ticket).toMatchObject({ id, title: 'Printer on fire', stateCategory: 'open' });
      expect(snapshot.ticket.helpdeskId).toBe(`contract-${ctx.harness.plugin.name}`);
      expect(snapshot.ticket.customer.email).toBe('john.doe@acme.example');
      const byBody = new Map(snapshot.articles.map((a) => [a.body.trim(), a]));
      expect(byBody.get('The printer in room 42 is on fire.')?.internal).toBe(false);
      expect(byBody.get('Called the vendor, replacement ordered.')?.internal).toBe(true);
      expect(new Set(snapshot.articles.map((a) => a.id)).size).toBe(snapshot.articles.length);
    });

    it('shows a state change made in the helpdesk', async () => {
      const control = ctx.control();
      const id = await control.createTicket({ title: 'Closing soon', customerEmail: 'a@acme.example', articles: [{ body: 'x', internal: false }] });
      expect((await fetchFound(ctx.adapter(), id)).ticket.stateCategory).toBe('new');
      await control.changeTicket(id, { stateCategory: 'closed' });
      expect((await fetchFound(ctx.adapter(), id)).ticket.stateCategory).toBe('closed');
    });

    if (ctx.harness.capabilities.timeEntries) {
      it('returns one time entry per booking, with ids that stay the same from fetch to fetch', async () => {
        const control = ctx.control();
        const id = await control.createTicket({
          title: 'Time booked',
          customerEmail: 'a@acme.example',
          articles: [
            { body: 'first', internal: false, timeSeconds: 15 * 60 },
            { body: 'no time', internal: false },
          ],
        });
        await control.addArticle(id, { body: 'worked on it', internal: true, timeSeconds: 45 * 60 });
        const first = await fetchFound(ctx.adapter(), id);
        const seconds = first.timeEntries.map((e) => e.seconds).sort((a, b) => a - b);
        expect(seconds).toEqual([15 * 60, 45 * 60]);
        expect(new Set(first.timeEntries.map((e) => e.id)).size).toBe(2);
        const again = await fetchFound(ctx.newAdapter(), id);
        expect(again.timeEntries.map((e) => e.id).sort()).toEqual(first.timeEntries.map((e) => e.id).sort());
      });
    }
  });
}
