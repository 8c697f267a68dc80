import { z } from 'zod';
import { InputError } from '../../src/plugin-sdk';

/**
 * Poll position over JQL `updated`. JQL reads minutes in the user's zone and search lags behind writes, so each
 * query starts `overlap` minutes before the newest `updated` seen (`hwm`), and issue versions already reported
 * in that window (`seen`: "id@updated") are dropped. While a query is being paged, `page` holds its token and
 * the instant it started from, so the next call continues the same query. `origin` is when polling began and
 * `sweep` when the next refresh of open requests is due (with its page token while it is being paged).
 */
export interface JsmCursor {
  hwm: string;
  seen: string[];
  page?: { token: string; from: string };
  origin?: string;
  sweep?: { due: string; token?: string };
}

const cursorSchema = z
  .object({
    v: z.literal(1),
    hwm: z.string().datetime(),
    seen: z.array(z.string().max(100)).max(20000),
    page: z
      .object({ token: z.string().min(1).max(2000), from: z.string().datetime() })
      .strict()
      .optional(),
    origin: z.string().datetime().optional(),
    sweep: z
      .object({ due: z.string().datetime(), token: z.string().min(1).max(2000).optional() })
      .strict()
      .optional(),
  })
  .strict();

export function encodeCursor(cursor: JsmCursor): string {
  return JSON.stringify({ v: 1, ...cursor });
}

export function decodeCursor(raw: string): JsmCursor {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InputError('invalid Jira poll cursor', ['cursor: not JSON']);
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw InputError.fromZod('invalid Jira poll cursor', parsed.error);
  const { hwm, seen, page, origin, sweep } = parsed.data;
  return { hwm, seen, page, origin, sweep };
}

/** Version key of an issue as a search returns it. */
export function versionKey(id: string, updated: Date): string {
  return `${id}@${updated.toISOString()}`;
}

/** Keeps only versions the next query (from hwm − overlap) can return again. */
export function prune(seen: Iterable<string>, hwm: Date, overlapMs: number): string[] {
  const floor = hwm.getTime() - overlapMs - 60_000;
  return [...new Set(seen)].filter((k) => Date.parse(k.slice(k.indexOf('@') + 1)) >= floor).sort();
}
