import { createHash } from 'node:crypto';
import { ForbiddenError } from '../../src/plugin-sdk';
import { textToAdf } from './adf-text';
import { issuePath, type JsmDeps } from './deps';
import { createdCommentSchema, sdCommentSchema, sdPage } from './schemas';

const commentPage = sdPage(sdCommentSchema);

/**
 * Last line of every note the bridge writes: finds it again after a lost answer. Plain words rather than the
 * SDK's `[tb:…]`: the servicedeskapi reads comments back as wiki markup, where brackets are links.
 */
export function jiraNoteMarker(eventId: string): string {
  const id = /^[A-Za-z0-9:._-]{1,80}$/.test(eventId) ? eventId : createHash('sha256').update(eventId).digest('hex').slice(0, 40);
  return `ticketbridge-event ${id}`;
}

/**
 * Adds the note as an internal comment, once per event. Through the platform API with the
 * `sd.public.comment` property: a comment posted there without it is public to the customer. The answer's
 * `jsdPublic` is checked, so a site that ignored the property is reported, not trusted.
 */
export async function addInternalCommentOnce(deps: JsmDeps, ticketId: string, eventId: string, note: string): Promise<string> {
  const marker = jiraNoteMarker(eventId);
  const existing = await findMarkedComment(deps, ticketId, marker, 'internal');
  if (existing) return existing;
  const path = issuePath('/rest/api/3/issue', ticketId, '/comment');
  const created = await deps.client.send(
    'POST',
    path,
    { body: textToAdf(`${note.trim()}\n\n${marker}`), properties: [{ key: 'sd.public.comment', value: { internal: true } }] },
    createdCommentSchema,
  );
  if (created!.jsdPublic === true) {
    throw new ForbiddenError(
      `Jira made the bridge's note ${created!.id} on issue ${ticketId} public: check that the API user is a service desk agent`,
      {
        system: deps.helpdeskId,
        method: 'POST',
        path,
        field: 'note',
      },
    );
  }
  return created!.id;
}

/** The request's comment of this visibility that carries the marker, read through the servicedeskapi. */
export async function findMarkedComment(
  deps: JsmDeps,
  ticketId: string,
  marker: string,
  visibility: 'internal' | 'public',
): Promise<string | undefined> {
  const path = issuePath('/rest/servicedeskapi/request', ticketId, '/comment');
  const wantPublic = visibility === 'public';
  for (let start = 0; ;) {
    const page = await deps.client.get(path, { public: wantPublic, internal: !wantPublic, start, limit: 100 }, commentPage);
    const found = page.values.find((c) => c.public === wantPublic && c.body.includes(marker));
    if (found) return found.id;
    if (page.isLastPage || page.values.length === 0) return undefined;
    start += page.values.length;
  }
}
