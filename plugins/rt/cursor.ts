import { z } from 'zod';
import { InputError, parseInput } from '../../src/plugin-sdk';

/**
 * Poll position over RT's transaction log. Transaction ids only grow, so "id > high-water mark" neither misses
 * nor repeats — except that PostgreSQL/MariaDB can commit a lower id after a higher one. So each poll re-reads
 * the last `overlap` ids and drops those in `seen` (ids already reported within that window).
 * Before the first transaction is found the cursor is just the start date.
 */
export type RtCursor = { since: string } | { hwm: number; seen: number[] };

const cursorSchema = z.union([
  z.object({ v: z.literal(1), since: z.string().datetime() }).strict(),
  z.object({ v: z.literal(1), hwm: z.number().int().min(0), seen: z.array(z.number().int().min(0)).max(100) }).strict(),
]);

export function encodeCursor(cursor: RtCursor): string {
  return JSON.stringify({ v: 1, ...cursor });
}

export function decodeCursor(raw: string): RtCursor {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InputError('invalid RT poll cursor', ['cursor: not JSON']);
  }
  const data = parseInput(cursorSchema, json, 'invalid RT poll cursor');
  return 'hwm' in data ? { hwm: data.hwm, seen: data.seen } : { since: data.since };
}

/** The cursor after a page of transaction ids (ascending) was read and reported. */
export function advance(cursor: RtCursor, ids: readonly number[], overlap: number): RtCursor {
  if (ids.length === 0) return cursor;
  const before = 'hwm' in cursor ? cursor : { hwm: 0, seen: [] };
  const hwm = Math.max(before.hwm, ...ids);
  const seen = [...new Set([...before.seen, ...ids])].filter((id) => id > hwm - overlap).sort((a, b) => a - b);
  return { hwm, seen };
}
