import { renderNote, renderTicket } from './render';
import { STATUSES, type PqStore } from './store';

/** How the next API call fails: a web-server status, no answer, a PHP error in place of JSON, or a request-level error. */
export type Fault = { kind: 'http'; status: number; body?: string } | { kind: 'drop' } | { kind: 'php' } | { kind: 'error'; message: string };

export interface SeenRequest {
  method: string;
  path: string;
  user: string;
  /** The decrypted JSON of a write. */
  plain?: unknown;
}

/** What happens in ProjeQtor outside the API (developers in the web UI), faults, and what tests inspect. */
export class PqControl {
  readonly faults: Fault[] = [];
  readonly requests: SeenRequest[] = [];

  constructor(readonly store: PqStore) {}

  /** The next `count` calls meet `fault`. */
  failNext(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /**
   * A developer moves the ticket in the web UI: unlike the API, the UI also sets the handled/done/idle/cancelled
   * flags and their date-times from the status's own flags.
   */
  setStatus(ticketId: string, statusId: string): void {
    const ticket = this.ticket(ticketId);
    const status = STATUSES.find((s) => s.id === statusId);
    if (!status) throw new Error(`ProjeQtor double: no status ${statusId}`);
    const now = this.store.localNow();
    ticket.fields.idStatus = statusId;
    for (const [flag, statusFlag] of [
      ['handled', 'setHandledStatus'],
      ['done', 'setDoneStatus'],
      ['idle', 'setIdleStatus'],
      ['cancelled', 'setCancelledStatus'],
    ] as const) {
      const on = status[statusFlag] === '1';
      ticket.fields[flag] = on ? '1' : '0';
      if (flag !== 'cancelled') ticket.fields[`${flag}DateTime`] = on ? now : '';
    }
    ticket.lastUpdateDateTime = now;
    this.store.log('Ticket', ticketId, 'idStatus');
  }

  /** A developer writes a note on the ticket. */
  addNote(ticketId: string, text: string, userName = 'admin'): string {
    const user = this.store.users.find((u) => u.name === userName) ?? this.store.users[0]!;
    const id = this.store.nextNoteId();
    this.store.notes.set(id, {
      id,
      refType: 'Ticket',
      refId: ticketId,
      note: text,
      idPrivacy: '1',
      creationDate: this.store.localNow(),
      idUser: user.id,
    });
    this.store.log('Note', id, '');
    this.store.log('Ticket', ticketId, `|Note|${id}`);
    return id;
  }

  /** Deleted in the UI: gone from every read, notes with it (no tombstone). */
  deleteTicket(ticketId: string): void {
    this.ticket(ticketId);
    this.store.tickets.delete(ticketId);
    for (const [id, note] of this.store.notes) if (note.refType === 'Ticket' && note.refId === ticketId) this.store.notes.delete(id);
  }

  /** Freezes the server's clock, or shares the test's clock function (null: real time again). */
  setClock(at: Date | (() => Date) | null): void {
    this.store.setClock(at);
  }

  /** Tickets as the API renders them (text flattened), plus `raw` fields as stored. */
  tickets(): Array<Record<string, string>> {
    return [...this.store.tickets.values()].map((t) => renderTicket(this.store, t));
  }

  ticketByExternalRef(externalRef: string): Record<string, string> | undefined {
    return this.tickets().find((t) => t.externalReference === externalRef);
  }

  /** The stored description, newlines kept (the API flattens them on output). */
  storedDescription(ticketId: string): string {
    return this.ticket(ticketId).fields.description ?? '';
  }

  notes(ticketId?: string): Array<Record<string, string>> {
    return [...this.store.notes.values()]
      .filter((n) => ticketId === undefined || (n.refType === 'Ticket' && n.refId === ticketId))
      .map((n) => renderNote(this.store, n));
  }

  private ticket(ticketId: string) {
    const ticket = this.store.tickets.get(ticketId);
    if (!ticket) throw new Error(`ProjeQtor double: no ticket ${ticketId}`);
    return ticket;
  }
}
