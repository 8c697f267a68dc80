import type { EngineDeps } from '../shared/deps';
import type { MirrorContext } from './mirror-context';

/** Characters of mirrored articles' bodies a pushed snapshot keeps; beyond, they are forgotten. */
const MIRRORED_BODIES_KEPT = 1024;

/**
 * A push-only helpdesk's last snapshot is kept for good, with every article's body: a long conversation would keep
 * kilobytes per ticket in Redis. Once the articles are ERP messages, their text is Dolibarr's to keep, and nothing
 * reads a mirrored article's body again (relinking reads helpdesks that can be fetched). Short conversations keep
 * theirs: forgetting a few bytes would cost a write per mirror run. Called once every article of the run is linked.
 */
export async function forgetMirroredBodies(ctx: MirrorContext, deps: EngineDeps): Promise<void> {
  if (deps.adapters.get(ctx.key.helpdeskId)?.fetchTicket) return;
  const kept = ctx.snapshot.articles.filter((a) => a.body !== '');
  if (kept.reduce((n, a) => n + a.body.length, 0) <= MIRRORED_BODIES_KEPT) return;
  await deps.snapshots.forgetBodies(
    ctx.key,
    kept.map((a) => a.id),
  );
}
