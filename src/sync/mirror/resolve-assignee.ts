import type { Owner } from '../../plugin-sdk';
import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { MappingConfig } from '../../config/schema';

const TTL_MS = 10 * 60 * 1000;
const cache = new Map<string, { id: number | undefined; at: number }>();

/** Helpdesk owner → Dolibarr user id: configured login map, then e-mail, then the same login. */
export async function resolveAssignee(
  owner: Owner | undefined,
  mapping: MappingConfig,
  erp: Pick<DolibarrApi, 'findUserByLogin' | 'findUserByEmail'>,
  now = Date.now(),
): Promise<number | undefined> {
  if (!owner?.login && !owner?.email) return undefined;
  const cacheKey = `${owner.login ?? ''}|${owner.email ?? ''}`;
  const hit = cache.get(cacheKey);
  if (hit && now - hit.at < TTL_MS) return hit.id;
  let id: number | undefined;
  const mappedLogin = owner.login ? mapping.users[owner.login] : undefined;
  if (mappedLogin) id = (await erp.findUserByLogin(mappedLogin))?.id;
  if (id === undefined && owner.email) id = (await erp.findUserByEmail(owner.email))?.id;
  if (id === undefined && owner.login && !mappedLogin) id = (await erp.findUserByLogin(owner.login))?.id;
  cache.set(cacheKey, { id, at: now });
  return id;
}
