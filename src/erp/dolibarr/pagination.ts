export const DEFAULT_PAGE_SIZE = 100;

/**
 * Walks 0-based pages until a short page. Dolibarr has no reliable "last page"
 * marker without pagination_data, and an empty page beyond the end is just [].
 */
export async function* paginate<T>(
  fetchPage: (page: number, limit: number) => Promise<T[]>,
  pageSize: number = DEFAULT_PAGE_SIZE,
): AsyncGenerator<T> {
  // limit=0 means "all rows" to Dolibarr and limit<0 its global default: neither is a page size.
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive integer, got ${pageSize}`);
  for (let page = 0; ; page += 1) {
    const items = await fetchPage(page, pageSize);
    yield* items;
    if (items.length < pageSize) return;
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
