import { DateTime } from 'luxon';
import { PRIORITY_ROWS, PRIVACY_ROWS, STATUS_ROWS, URGENCY_ROWS } from './recorded';

/**
 * The ProjeQtor double's state: projects, users, tickets, notes and the History log that /updated reads.
 * Every date is kept as ProjeQtor keeps it: a wall-clock string in the server's time zone, no offset.
 */
export interface User {
  id: string;
  name: string;
  resourceName: string;
  apiKey: string;
  disabled?: boolean;
  /** Projects the user is allocated to; it sees and writes only their tickets. */
  projects: string[];
}

export interface Project {
  id: string;
  name: string;
  code: string;
}

export interface TicketType {
  id: string;
  name: string;
  code: string;
}

/** Stored ticket: raw field values as written (text keeps its newlines; output flattens it). */
export interface Ticket {
  id: string;
  reference: string;
  fields: Record<string, string>;
  creationDateTime: string;
  lastUpdateDateTime: string;
}

export interface Note {
  id: string;
  refType: string;
  refId: string;
  note: string;
  idPrivacy: string;
  creationDate: string;
  idUser: string;
}

interface HistoryRow {
  refType: string;
  refId: string;
  colName: string;
  operationDate: string;
}

const LOCAL_FORMAT = 'yyyy-MM-dd HH:mm:ss';

export const TICKET_TYPES: TicketType[] = [
  { id: '16', name: 'Incident', code: 'INC' },
  { id: '17', name: 'Support / Assistance', code: 'SUP' },
  { id: '18', name: 'Anomaly / Bug', code: 'ANO' },
  { id: '209', name: 'Bug', code: 'BUG' },
];

export class PqStore {
  readonly tickets = new Map<string, Ticket>();
  readonly notes = new Map<string, Note>();
  readonly history: HistoryRow[] = [];
  private clock: (() => Date) | null = null;
  private seq = { ticket: 0, note: 0 };
  private readonly counters = new Map<string, number>();

  constructor(
    readonly zone: string,
    readonly users: User[],
    readonly projects: Project[],
  ) {}

  now(): Date {
    return this.clock ? this.clock() : new Date();
  }

  /** A fixed instant, a clock function shared with the test, or null for real time. */
  setClock(at: Date | (() => Date) | null): void {
    this.clock = at === null ? null : typeof at === 'function' ? at : () => at;
  }

  /** Now as ProjeQtor writes it: server-local wall clock. */
  localNow(): string {
    return DateTime.fromJSDate(this.now(), { zone: this.zone }).toFormat(LOCAL_FORMAT);
  }

  user(name: string): User | undefined {
    return this.users.find((u) => u.name === name);
  }

  project(id: string): Project | undefined {
    return this.projects.find((p) => p.id === id);
  }

  nextTicketId(): string {
    return String(++this.seq.ticket);
  }

  nextNoteId(): string {
    return String(++this.seq.note);
  }

  /** `{PROJ}-{TYPE}-<n>`, a counter per project and type (referenceFormatPrefix, recorded default). */
  nextReference(projectId: string, typeId: string): string {
    const key = `${projectId}/${typeId}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    const type = TICKET_TYPES.find((t) => t.id === typeId);
    return `${this.project(projectId)?.code ?? ''}-${type?.code ?? ''}-${n}`;
  }

  log(refType: string, refId: string, colName: string): void {
    this.history.push({ refType, refId, colName, operationDate: this.localNow() });
  }

  /** Ids with a History row in [from, to): the 14-digit bounds compared as server-local wall clock. */
  updatedIds(refType: string, from: string, to: string): string[] {
    const ids = new Set<string>();
    for (const row of this.history) {
      const at = row.operationDate.replace(/\D/g, '');
      if (row.refType === refType && at >= from && at < to) ids.add(row.refId);
    }
    return [...ids];
  }

  visible(user: User, ticket: Ticket): boolean {
    return user.projects.includes(ticket.fields.idProject ?? '');
  }
}

export const STATUSES = STATUS_ROWS;

export function nameOf(rows: Array<Record<string, string>>, id: string | undefined): string {
  return rows.find((r) => r.id === id)?.name ?? '';
}

export const LISTS = { idStatus: STATUS_ROWS, idUrgency: URGENCY_ROWS, idPriority: PRIORITY_ROWS, idPrivacy: PRIVACY_ROWS };
