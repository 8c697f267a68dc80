import type { z } from 'zod';
import type { RtClient, Query } from './client';
import { rtPageSchema } from './schemas';

/**
 * Every item of a REST2 collection. For non-SuperUsers RT filters rows after paging and reports no total,
 * so a short page does not mean the end: keep asking until a page comes back empty.
 */
export async function* allItems<T>(
  client: RtClient,
  path: string,
  query: Query,
  pageSize: number,
  itemSchema: z.ZodType<T, z.ZodTypeDef, unknown>,
): AsyncGenerator<T> {
  for (let page = 1; ; page++) {
    const body = await client.get(path, { ...query, page, per_page: pageSize }, rtPageSchema);
    for (const item of body.items) yield client.parse('GET', path, item, itemSchema);
    const knownLast = typeof body.pages === 'number' ? page >= body.pages : false;
    if (body.items.length === 0 || knownLast) return;
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
