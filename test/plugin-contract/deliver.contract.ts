import { IntegrationError, type OutboundUpdate } from '../../src/plugin-sdk';
import { type ContractContext, fetchFound } from './context';

let counter = 0;
function update(ticketId: string, extra: Partial<OutboundUpdate>): OutboundUpdate {
  counter += 1;
  return { eventId: `contract-evt-${counter}-${ticketId}`, type: 'erp.status_changed', ticketId, occurredAt: new Date(), data: {}, ...extra };
}

/** deliver writes notes, states and fields, and is idempotent on eventId. */
export function registerDeliverContract(ctx: ContractContext): void {
  const seed = () =>
    ctx
      .control()
      .createTicket({ title: 'Write-back', customerEmail: 'w@acme.example', stateCategory: 'open', articles: [{ body: 'help', internal: false }] });
  const notesWith = async (ticketId: string, text: string) =>
    (await fetchFound(ctx.adapter(), ticketId)).articles.filter((a) => a.body.includes(text));

  describe('deliver', () => {
    it('adds the note as an internal article, once, however often the same event is delivered', async () => {
      const id = await seed();
      const u = update(id, { type: 'erp.message_added', note: 'Intervention FI2030-0042 validated: 1.50 h.' });
      const first = await ctx.adapter().deliver!(u);
      const second = await ctx.newAdapter().deliver!(u);
      const notes = await notesWith(id, 'Intervention FI2030-0042 validated: 1.50 h.');
      expect(notes).toHaveLength(1);
      expect(notes[0].internal).toBe(true);
      expect(first.createdArticleIds).toEqual([notes[0].id]);
      // A repeat may report the existing note again, but never a new one.
      for (const created of second.createdArticleIds ?? []) expect(created).toBe(notes[0].id);
    });

    it('writes the state category it is given', async () => {
      const id = await seed();
      await ctx.adapter().deliver!(update(id, { state: 'closed' }));
      expect((await fetchFound(ctx.adapter(), id)).ticket.stateCategory).toBe('closed');
      await ctx.adapter().deliver!(update(id, { state: 'open' }));
      expect((await fetchFound(ctx.adapter(), id)).ticket.stateCategory).toBe('open');
    });

    const fields = ctx.harness.capabilities.deliverFields;
    if (fields.length) {
      it(`sets the bridge fields (${fields.join(', ')})`, async () => {
        const id = await seed();
        const values = Object.fromEntries(fields.map((f, i) => [f, `${f.toUpperCase()}-${i + 1}`]));
        await ctx.adapter().deliver!(update(id, { fields: values }));
        for (const f of fields) expect(await ctx.control().fieldValue!(id, f)).toBe(values[f]);
      });
    }

    it('fails with a typed error for a ticket the helpdesk does not have', async () => {
      const err = await ctx.adapter().deliver!(update('987654', { note: 'nobody home' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrationError);
      expect(['not_found', 'forbidden']).toContain((err as IntegrationError).kind);
    });
  });
}

/** A write whose answer was lost must not be repeated when the job retries. */
export function registerLostAnswerContract(ctx: ContractContext): void {
  it('deliver: after a lost answer, the retry finds the note instead of adding a second one', async () => {
    const control = ctx.control();
    const id = await control.createTicket({ title: 'Flaky line', customerEmail: 'w@acme.example', articles: [{ body: 'help', internal: false }] });
    const u = update(id, { type: 'quote.created', note: 'Quote PR2030-0007 raised: 480.00 EUR.' });
    await control.loseNextWriteAnswer!();
    const lost = await ctx.adapter().deliver!(u).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(IntegrationError);
    expect((lost as IntegrationError).transient).toBe(true);
    const retried = await ctx.newAdapter().deliver!(u);
    const snapshot = await fetchFound(ctx.adapter(), id);
    const notes = snapshot.articles.filter((a) => a.body.includes('Quote PR2030-0007 raised: 480.00 EUR.'));
    expect(notes).toHaveLength(1);
    expect(retried.createdArticleIds).toEqual([notes[0].id]);
  });
}
