import type { DeliveryResult, OutboundUpdate } from './plugin';

/** An update that sets only the bridge's fields: no text, no state, no reminder, no move. */
function setsOnlyFields(update: OutboundUpdate): boolean {
  return !update.note?.trim() && !update.reply?.trim() && !update.state && !update.remindAt && !update.move?.queue && !update.move?.owner;
}

/**
 * A `deliverMany` for a helpdesk whose one write can set several fields: updates that only set the bridge's fields
 * and come one after another (a new ticket's link and its contract, most often) go to `deliver` as one, their fields
 * merged (a later value wins) under the first one's event id; the others go as they are, in their order.
 */
export async function deliverFieldsTogether(
  updates: readonly OutboundUpdate[],
  deliver: (update: OutboundUpdate) => Promise<DeliveryResult>,
): Promise<DeliveryResult> {
  const createdArticleIds: string[] = [];
  let fieldsOnly: OutboundUpdate[] = [];
  const write = async (update: OutboundUpdate) => createdArticleIds.push(...((await deliver(update)).createdArticleIds ?? []));
  const writeFieldsOnly = async () => {
    if (fieldsOnly.length) await write({ ...fieldsOnly[0], fields: Object.assign({}, ...fieldsOnly.map((u) => u.fields)) });
    fieldsOnly = [];
  };
  for (const update of updates) {
    if (setsOnlyFields(update)) {
      fieldsOnly.push(update);
      continue;
    }
    await writeFieldsOnly();
    await write(update);
  }
  await writeFieldsOnly();
  return createdArticleIds.length ? { createdArticleIds } : {};
}
