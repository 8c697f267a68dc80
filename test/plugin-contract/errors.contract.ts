import { IntegrationError } from '../../src/plugin-sdk';
import type { ContractContext } from './context';

/** Helpdesk errors come out typed by what they mean, whatever HTTP status carried them. */
export function registerErrorContract(ctx: ContractContext): void {
  describe('errors', () => {
    for (const kind of ctx.harness.capabilities.errorKinds) {
      it(`reports a helpdesk "${kind}" failure as IntegrationError kind ${kind}`, async () => {
        const control = ctx.control();
        const id = await control.createTicket({ title: 'Erroring', customerEmail: 'e@acme.example', articles: [{ body: 'x', internal: false }] });
        await control.failNext(kind);
        const err = await ctx.adapter().fetchTicket!(id).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IntegrationError);
        expect((err as IntegrationError).kind).toBe(kind);
        expect((err as IntegrationError).system).toBe(`contract-${ctx.harness.plugin.name}`);
      });
    }

    it('reports a ticket it cannot find as deleted or as a not_found/forbidden error, never as found', async () => {
      const outcome = await ctx.adapter().fetchTicket!('987654').then(
        (r) => r.kind,
        (e: unknown) => (e instanceof IntegrationError ? e.kind : String(e)),
      );
      expect(['deleted', 'not_found', 'forbidden']).toContain(outcome);
    });
  });
}
