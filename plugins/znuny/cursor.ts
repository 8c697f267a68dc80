import { z } from 'zod';
import { InputError, parseInput } from '../../src/plugin-sdk';

/**
 * Znuny's change times have 1-second resolution and the search is inclusive (>=), so the cursor
 * keeps the last second seen and which tickets were already listed at that second. The time is
 * Znuny's own wall-clock string, passed back verbatim: no client clock, no zone round trip.
 */
export interface ZnunyCursor {
  time: string;
  idsAtTime: string[];
}

const cursorSchema = z.object({
  v: z.literal(1),
  time: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
  idsAtTime: z.array(z.string().regex(/^\d+$/)).max(100_000),
});

export function encodeCursor(cursor: ZnunyCursor): string {
  return JSON.stringify({ v: 1, time: cursor.time, idsAtTime: [...cursor.idsAtTime].sort((a, b) => Number(a) - Number(b)) });
}

export function decodeCursor(raw: string): ZnunyCursor {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new InputError('Znuny cursor is not JSON', [`cursor: ${raw.slice(0, 60)}`]);
  }
  const { time, idsAtTime } = parseInput(cursorSchema, value, 'Znuny cursor');
  return { time, idsAtTime };
}

/** The cursor after a batch of (id, changed) hits, in Znuny's order. */
export function advance(cursor: ZnunyCursor, hits: { id: string; changed: string }[]): ZnunyCursor {
  const latest = hits.reduce((max, h) => (h.changed > max ? h.changed : max), cursor.time);
  const atLatest = hits.filter((h) => h.changed === latest).map((h) => h.id);
  const ids = latest === cursor.time ? new Set([...cursor.idsAtTime, ...atLatest]) : new Set(atLatest);
  return { time: latest, idsAtTime: [...ids] };
}
