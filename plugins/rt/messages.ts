import type { Attachment } from '../../src/plugin-sdk';
import type { RtAttachment } from './schemas';

/** One RT message (the MIME parts of one transaction) as text plus file list. */
export interface RtMessage {
  body: string;
  attachments: Attachment[];
}

/**
 * RT stores each message as a MIME tree: containers (multipart/*), body parts without a file name, and files.
 * The text is the first text/plain body part, else the first text/html one (kept as HTML).
 */
export function messagesByTransaction(parts: readonly RtAttachment[]): Map<string, RtMessage> {
  const grouped = new Map<string, RtAttachment[]>();
  for (const part of parts) grouped.set(part.TransactionId, [...(grouped.get(part.TransactionId) ?? []), part]);
  const out = new Map<string, RtMessage>();
  for (const [txn, list] of grouped) {
    const ordered = [...list].sort((a, b) => Number(a.id) - Number(b.id));
    const inline = ordered.filter((p) => !p.Filename && !p.ContentType.startsWith('multipart/'));
    const text = inline.find((p) => p.ContentType === 'text/plain') ?? inline.find((p) => p.ContentType === 'text/html');
    out.set(txn, {
      body: text?.Content ?? '',
      attachments: ordered
        .filter((p) => p.Filename)
        .map((p) => ({
          id: p.id,
          filename: p.Filename.slice(0, 255),
          contentType: p.ContentType || undefined,
          size: Number.isInteger(p.ContentLength) && (p.ContentLength ?? -1) >= 0 ? p.ContentLength : undefined,
        })),
    });
  }
  return out;
}
