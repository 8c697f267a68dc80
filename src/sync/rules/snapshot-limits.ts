import { formatZodIssues, ticketSnapshotSchema, type TicketSnapshot } from '../../plugin-sdk';

/**
 * A fetched helpdesk ticket against the limits the bridge can write to Dolibarr (the model's bounds, the same the
 * webhook protocol answers 400 for: docs/webhook-protocol.md "Limits"). Text shown to people is cut with a marker,
 * since the whole text stays in the helpdesk: titles, bodies, names, notes, custom field values, file names.
 * Everything else is refused: ids and the ticket number (a cut one could name another ticket), the values mapped to
 * Dolibarr codes (queue, type, priority, state), addresses and logins (a cut one is another person).
 */
export type SnapshotFit = { kind: 'fits'; snapshot: TicketSnapshot; cut: string[] } | { kind: 'refused'; fields: string[] };

const NAME_MAX = 255;
const BODY_MAX = 1_000_000;
const NOTE_MAX = 10_000;

/** Shown where a long text was cut; the full text is in the helpdesk. */
const cutMarker = (dropped: number) => `\n[… ${dropped} characters cut by TicketBridge; the full text is in the helpdesk]`;
const ELLIPSIS = '…';

export function fitSnapshot(snapshot: TicketSnapshot): SnapshotFit {
  const cut: string[] = [];
  const text = (value: string, max: number, field: string): string => {
    if (value.length <= max) return value;
    cut.push(field);
    const marker = cutMarker(value.length - max);
    return value.slice(0, max - marker.length) + marker;
  };
  const name = (value: string, field: string): string => {
    if (value.length <= NAME_MAX) return value;
    cut.push(field);
    return value.slice(0, NAME_MAX - ELLIPSIS.length) + ELLIPSIS;
  };
  /** The object with its named fields cut; the same object when none is too long (no keys added). */
  const names = <T extends object>(obj: T, keys: Array<keyof T & string>, prefix: string): T => {
    const out = { ...obj };
    for (const k of keys) {
      const v = obj[k];
      if (typeof v === 'string') out[k] = name(v, `${prefix}.${k}`) as T[typeof k];
    }
    return out;
  };
  const { ticket } = snapshot;
  const fitted: TicketSnapshot = {
    ...snapshot,
    ticket: {
      ...ticket,
      title: name(ticket.title, 'ticket.title'),
      body: text(ticket.body, BODY_MAX, 'ticket.body'),
      customer: names(ticket.customer, ['name', 'company'], 'ticket.customer'),
      ...(ticket.owner ? { owner: names(ticket.owner, ['name'], 'ticket.owner') } : {}),
      ...(ticket.customFields
        ? {
            customFields: Object.fromEntries(Object.entries(ticket.customFields).map(([k, v]) => [k, text(v, NOTE_MAX, `ticket.customFields.${k}`)])),
          }
        : {}),
    },
    articles: snapshot.articles.map((a, i) => ({
      ...names(a, ['author'], `articles.${i}`),
      body: text(a.body, BODY_MAX, `articles.${i}.body`),
      attachments: a.attachments.map((f, j) => ({ ...f, filename: fileName(f.filename, `articles.${i}.attachments.${j}.filename`, cut) })),
    })),
    timeEntries: snapshot.timeEntries.map((t, i) => {
      const entry = names(t, ['author'], `timeEntries.${i}`);
      return t.note === undefined ? entry : { ...entry, note: text(t.note, NOTE_MAX, `timeEntries.${i}.note`) };
    }),
  };
  const parsed = ticketSnapshotSchema.safeParse(fitted);
  return parsed.success ? { kind: 'fits', snapshot: parsed.data, cut } : { kind: 'refused', fields: formatZodIssues(parsed.error) };
}

/** A file name cut in its base, so the extension (and the content type it tells) survives. */
function fileName(value: string, field: string, cut: string[]): string {
  if (value.length <= NAME_MAX) return value;
  cut.push(field);
  const dot = value.lastIndexOf('.');
  const ext = dot > 0 && value.length - dot <= 16 ? value.slice(dot) : '';
  return value.slice(0, NAME_MAX - ext.length - ELLIPSIS.length) + ELLIPSIS + ext;
}
