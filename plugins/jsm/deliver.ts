import { DateTime } from 'luxon';
import { InputError } from '../../src/plugin-sdk';
import type { BridgeField, DeliveryResult, OutboundUpdate } from '../../src/plugin-sdk';
import { issuePath, type JsmDeps } from './deps';
import { addInternalCommentOnce } from './internal-comment';
import { addPublicReplyOnce } from './public-reply';
import { transitionTo } from './transition';

const BRIDGE_FIELDS: readonly BridgeField[] = ['erpRef', 'contract', 'duration', 'quote'];

/**
 * Writes one ERP-side change to the request: the note as an internal comment and the reply as a public one (each
 * once per eventId), the status through a transition, the bridge's fields in their custom fields and the reminder
 * as the due date. Each step is idempotent, so a retried job redoes only what is missing.
 */
export async function deliver(deps: JsmDeps, update: OutboundUpdate): Promise<DeliveryResult> {
  const target = update.state === undefined ? undefined : deps.settings.categoryToStatus[update.state];
  if (update.state !== undefined && !target) {
    throw new InputError('state has no Jira status', [`state: '${update.state}' is not mapped in settings.categoryToStatus`]);
  }
  if (update.remindAt && Number.isNaN(update.remindAt.getTime())) throw new InputError('bad reminder', ['remindAt: not a valid date']);
  const createdArticleIds: string[] = [];
  if (update.note?.trim()) createdArticleIds.push(await addInternalCommentOnce(deps, update.ticketId, update.eventId, update.note));
  if (update.reply?.trim()) createdArticleIds.push(await addPublicReplyOnce(deps, update.ticketId, update.eventId, update.reply));
  if (target) await transitionTo(deps, update.ticketId, target);
  const fields: Record<string, string> = Object.fromEntries(
    BRIDGE_FIELDS.flatMap((f) => (update.fields?.[f] === undefined ? [] : [[deps.settings.customFields[f], update.fields[f]]])),
  );
  if (update.remindAt) fields.duedate = await dueDate(deps, update.remindAt);
  if (Object.keys(fields).length) {
    await deps.client.send('PUT', issuePath('/rest/api/3/issue', update.ticketId), { fields });
  }
  return { createdArticleIds };
}

/**
 * Jira's due date is a day without time or zone: the reminder's calendar day in the API user's time zone (the
 * zone Jira shows dates in to that user), not rounded up, so the request is due on the day the reminder falls.
 */
async function dueDate(deps: JsmDeps, remindAt: Date): Promise<string> {
  return DateTime.fromJSDate(remindAt, { zone: await deps.timeZone() }).toFormat('yyyy-MM-dd');
}
