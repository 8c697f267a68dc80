import type { Article, TimeEntry } from '../../src/plugin-sdk';
import type { RtMessage } from './messages';
import type { RtTransaction } from './schemas';

/** Transactions that carry a message, and whether it is internal. Create's message is also the ticket body. */
const ARTICLE_TYPES: Record<string, boolean> = { Create: false, Correspond: false, Comment: true };
/** Records of outgoing mail written by RT itself: neither messages nor work. */
const IGNORED_TYPES = new Set(['EmailRecord', 'CommentEmailRecord']);

export interface HistoryView {
  /** Text of the Create transaction (the customer's first message). */
  body: string;
  articles: Article[];
  timeEntries: TimeEntry[];
  /** Transactions whose TimeTaken RT stored but that are not a number (RT counts them as 0). */
  unreadableTime: string[];
  /** Message transactions without a content part, with their time (RT shows a new transaction before its part). */
  contentMissing: Array<{ id: string; created: Date }>;
  /** Status transactions, oldest first: the RT status the ticket took and when (service-level clocks). */
  statusChanges: Array<{ at: Date; status: string }>;
}

/**
 * RT minutes as stored: RT does not validate TimeTaken, so "2.5" and "-5" occur (and count in TimeWorked);
 * "abc" is stored too and counts as 0.
 */
function parseMinutes(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return 0;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/**
 * Create and Correspond = public articles (the engine knows the opening one repeats the body), Comment = internal; every transaction with TimeTaken is one time entry
 * keyed by the transaction id. A direct TimeWorked edit is a `Set` transaction whose TimeTaken is the delta,
 * so the entries always add up to the ticket's TimeWorked, merged tickets included.
 */
export function readHistory(ticketId: string, txns: readonly RtTransaction[], messages: ReadonlyMap<string, RtMessage>): HistoryView {
  const view: HistoryView = { body: '', articles: [], timeEntries: [], unreadableTime: [], contentMissing: [], statusChanges: [] };
  for (const txn of txns) {
    if (IGNORED_TYPES.has(txn.Type)) continue;
    const message = messages.get(txn.id);
    const author = txn.Creator?.id;
    // After a merge the history also holds the merged-in tickets' Create: only this ticket's own is its body.
    if (txn.Type === 'Create' && (txn.ObjectId === undefined || txn.ObjectId === ticketId)) view.body = message?.body ?? '';
    if (txn.Type === 'Status' && txn.NewValue) view.statusChanges.push({ at: new Date(txn.Created), status: txn.NewValue });
    if (txn.Type in ARTICLE_TYPES) {
      if (!message) view.contentMissing.push({ id: txn.id, created: new Date(txn.Created) });
      view.articles.push({
        id: txn.id,
        author,
        body: message?.body ?? '',
        internal: ARTICLE_TYPES[txn.Type]!,
        createdAt: new Date(txn.Created),
        attachments: message?.attachments ?? [],
      });
    }
    const minutes = parseMinutes(txn.TimeTaken);
    if (minutes === null) {
      view.unreadableTime.push(txn.id);
    } else if (minutes !== 0) {
      view.timeEntries.push({
        id: txn.id,
        seconds: Math.round(minutes * 60),
        start: new Date(txn.Created),
        // RT records the work when the transaction is written: that is its booking time too.
        bookedAt: new Date(txn.Created),
        author,
        note: noteFor(txn),
      });
    }
  }
  return view;
}

function noteFor(txn: RtTransaction): string {
  if (txn.Type === 'Set' && txn.Field === 'TimeWorked') return `TimeWorked set from ${txn.OldValue} to ${txn.NewValue} minutes`;
  const subject = txn.Data.trim();
  return subject && subject !== 'No Subject' ? `${txn.Type}: ${subject}` : txn.Type;
}
