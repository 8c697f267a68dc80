import { InvalidRequestError } from '../../src/plugin-sdk';
import { issuePath, type JsmDeps } from './deps';
import { findMarkedComment, jiraNoteMarker } from './internal-comment';
import { sdCommentSchema } from './schemas';

/**
 * Answers the customer with a public comment, once per event: the servicedeskapi comment with `public: true`
 * (add-public-comment-servicedeskapi), which the customer sees on the portal and is notified of. Its last line is
 * the marker a retry looks for (the same plain words as the notes'); the customer sees it.
 */
export async function addPublicReplyOnce(deps: JsmDeps, ticketId: string, eventId: string, reply: string): Promise<string> {
  const marker = jiraNoteMarker(`${eventId}:reply`);
  const existing = await findMarkedComment(deps, ticketId, marker, 'public');
  if (existing) return existing;
  const path = issuePath('/rest/servicedeskapi/request', ticketId, '/comment');
  const created = await deps.client.send('POST', path, { body: `${reply.trim()}\n\n${marker}`, public: true }, sdCommentSchema);
  if (!created!.public) {
    throw new InvalidRequestError(`Jira kept the bridge's answer ${created!.id} on request ${ticketId} internal: the customer does not see it`, {
      system: deps.helpdeskId,
      method: 'POST',
      path,
      field: 'reply',
    });
  }
  return created!.id;
}
