import { InputError } from '../../src/plugin-sdk';
import type { BridgeField, DeliveryResult, OutboundUpdate } from '../../src/plugin-sdk';
import { issuePath, type JsmDeps } from './deps';
import { addInternalCommentOnce } from './internal-comment';
import { transitionTo } from './transition';

const BRIDGE_FIELDS: readonly BridgeField[] = ['erpRef', 'contract', 'duration', 'quote'];

/**
 * Writes one ERP-side change to the request: the note as an internal comment (once per eventId), the status
 * through a transition, the bridge's fields in their custom fields. Each step is idempotent, so a retried job
 * redoes only what is missing.
 */
export async function deliver(deps: JsmDeps, update: OutboundUpdate): Promise<DeliveryResult> {
  const target = update.state === undefined ? undefined : deps.settings.categoryToStatus[update.state];
  if (update.state !== undefined && !target) {
    throw new InputError('state has no Jira status', [`state: '${update.state}' is not mapped in settings.categoryToStatus`]);
  }
  const createdArticleIds = update.note?.trim() ? [await addInternalCommentOnce(deps, update.ticketId, update.eventId, update.note)] : [];
  if (target) await transitionTo(deps, update.ticketId, target);
  const fields = Object.fromEntries(
    BRIDGE_FIELDS.flatMap((f) => (update.fields?.[f] === undefined ? [] : [[deps.settings.customFields[f], update.fields[f]]])),
  );
  if (Object.keys(fields).length) {
    await deps.client.send('PUT', issuePath('/rest/api/3/issue', update.ticketId), { fields });
  }
  return { createdArticleIds };
}
