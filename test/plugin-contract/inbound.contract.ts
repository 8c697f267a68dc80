import { InputError, InboundAuthError, type InboundEvent } from '../../src/plugin-sdk';
import type { ContractContext } from './context';

function ticketOf(event: InboundEvent): string {
  return event.type === 'ticket.upserted' ? event.snapshot.ticket.id : event.ticketId;
}

/** Inbound deliveries are authenticated and validated; receive() has no side effects. */
export function registerInboundContract(ctx: ContractContext): void {
  const fixtures = ctx.harness.inbound;
  if (!fixtures) throw new Error(`${ctx.harness.plugin.name}: the adapter receives deliveries but the harness gives no inbound fixtures`);

  describe('inbound', () => {
    it('turns an authentic delivery into events about its ticket, without calling the helpdesk', async () => {
      const control = ctx.control();
      const id = await control.createTicket({ title: 'Pushed', customerEmail: 'p@acme.example', articles: [{ body: 'x', internal: false }] });
      const before = await control.requestCount();
      const result = ctx.adapter().inbound!.receive(fixtures.authentic(id));
      expect(result.events.length).toBeGreaterThan(0);
      expect(result.events.map(ticketOf)).toContain(id);
      expect(await control.requestCount()).toBe(before);
    });

    it('refuses deliveries with missing or wrong credentials with InboundAuthError', async () => {
      const control = ctx.control();
      const id = await control.createTicket({ title: 'Forged', customerEmail: 'p@acme.example', articles: [{ body: 'x', internal: false }] });
      const before = await control.requestCount();
      const forged = fixtures.unauthenticated(id);
      expect(forged.length).toBeGreaterThan(0);
      for (const req of forged) expect(() => ctx.adapter().inbound!.receive(req)).toThrow(InboundAuthError);
      expect(await control.requestCount()).toBe(before);
    });

    it('refuses authenticated but invalid deliveries with InputError', () => {
      const malformed = fixtures.malformed();
      expect(malformed.length).toBeGreaterThan(0);
      for (const req of malformed) expect(() => ctx.adapter().inbound!.receive(req)).toThrow(InputError);
    });
  });
}
