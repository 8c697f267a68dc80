import type { DolibarrDouble } from '../../doubles/dolibarr';
import type { Ticket } from '../../doubles/dolibarr/state';
import { ServerError, type HelpdeskAdapter, type TicketSnapshot } from '../../../src/plugin-sdk';
import type { RtStaff } from '../../rt/rt-staff';
import { trackIdFor } from '../../../src/sync/shared/ticket-identity';

/** What an ERP user sees in Dolibarr (the double's database), per helpdesk ticket. */
export class ErpView {
  constructor(private readonly double: DolibarrDouble) {}

  /** Every ERP ticket the bridge made for an RT ticket (the track_id is derived from the helpdesk id). */
  ticketsFor(rtId: string): Ticket[] {
    const trackId = trackIdFor({ helpdeskId: 'rt', ticketId: rtId });
    return this.double.state().tickets.filter((t) => t.track_id === trackId);
  }

  ticketFor(rtId: string): Ticket | undefined {
    const found = this.ticketsFor(rtId);
    if (found.length > 1) throw new Error(`RT ticket ${rtId} has ${found.length} ERP tickets`);
    return found[0];
  }

  /** Public (TICKET_MSG) and private (TICKET_MSG_PRIVATE) messages of an ERP ticket. */
  messages(erpTicketId: number): Array<{ text: string; private: boolean }> {
    return this.double
      .state()
      .events.filter((e) => e.elementtype === 'ticket' && e.elementid === erpTicketId && (e.code === 'TICKET_MSG' || e.code === 'TICKET_MSG_PRIVATE'))
      .map((e) => ({ text: e.note_private ?? '', private: e.code === 'TICKET_MSG_PRIVATE' }));
  }

  messagesContaining(erpTicketId: number, text: string): Array<{ text: string; private: boolean }> {
    return this.messages(erpTicketId).filter((m) => m.text.includes(text));
  }

  /** The ticket's duration extrafield the bridge maintains (hours). */
  durationHours(erpTicketId: number): number | undefined {
    const options = this.double.state().tickets.find((t) => t.id === erpTicketId)?.array_options ?? {};
    const value = options.options_tb_duration ?? options.tb_duration;
    return value === undefined || value === null ? undefined : Number(value);
  }

  /** Intervention lines linked to an ERP ticket, in seconds. */
  lineSeconds(erpTicketId: number): number[] {
    const state = this.double.state();
    const ids = new Set(
      state.links.filter((l) => l.sourcetype === 'ticket' && l.fk_source === erpTicketId && l.targettype === 'fichinter').map((l) => l.fk_target),
    );
    return state.interventions.filter((f) => ids.has(f.id)).flatMap((f) => f.lines.map((l) => l.duration));
  }

  /** Every intervention line of the customer, whichever ticket it is linked to. */
  allLineSeconds(socid: number): number[] {
    return this.double
      .state()
      .interventions.filter((f) => f.socid === socid)
      .flatMap((f) => f.lines.map((l) => l.duration));
  }

  async userAction(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.double.controlUrl}/act/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`ERP user action ${path} failed: ${res.status} ${await res.text()}`);
  }

  async fault(spec: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.double.controlUrl}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(spec),
    });
    if (!res.ok) throw new Error(`fault not accepted: ${res.status} ${await res.text()}`);
  }

  async clearFaults(): Promise<void> {
    await fetch(`${this.double.controlUrl}/faults`, { method: 'DELETE' });
  }
}

/** What a technician sees in RT. */
export class RtView {
  constructor(
    private readonly staff: RtStaff,
    private readonly adapter: HelpdeskAdapter,
  ) {}

  /**
   * Read as the bridge's jobs read it: a transaction RT has not finished writing (the bridge's own answer, say) is a
   * transient error the jobs retry, so the view retries it too instead of failing the test on RT's timing.
   */
  async snapshot(id: string): Promise<TicketSnapshot> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const result = await this.adapter.fetchTicket!(id);
        if (result.kind !== 'found') throw new Error(`RT ticket ${id} is ${result.kind}`);
        return result.snapshot;
      } catch (err) {
        if (!(err instanceof ServerError && err.transient) || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** Internal comments (what the bridge writes) whose text contains the given text. */
  async commentsContaining(id: string, text: string): Promise<string[]> {
    return (await this.snapshot(id)).articles.filter((a) => a.internal && a.body.includes(text)).map((a) => a.body);
  }

  async articlesContaining(id: string, text: string): Promise<Array<{ body: string; internal: boolean }>> {
    return (await this.snapshot(id)).articles.filter((a) => a.body.includes(text)).map((a) => ({ body: a.body, internal: a.internal }));
  }

  async status(id: string): Promise<string> {
    return String((await this.staff.ticket(id)).Status);
  }

  async customField(id: string, name: string): Promise<string | undefined> {
    const cfs = ((await this.staff.ticket(id)).CustomFields ?? []) as Array<{ name: string; values: string[] }>;
    return cfs.find((cf) => cf.name === name)?.values[0];
  }
}
