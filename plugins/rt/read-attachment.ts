import { Readable } from 'node:stream';
import { z } from 'zod';
import { type Attachment, type AttachmentContent, FileTooLargeError, NotFoundError } from '../../src/plugin-sdk';
import type { RtDeps } from './fetch-ticket';

/** `GET /attachment/:id` answers the part with `Content` base64-encoded (recorded attachment_get_text/pdf). */
const attachmentContentSchema = z.object({
  Filename: z.string().nullish(),
  ContentType: z.string().nullish(),
  Content: z.string().default(''),
});

export async function readAttachment(deps: RtDeps, articleId: string, attachment: Attachment, maxBytes: number): Promise<AttachmentContent> {
  if (attachment.size !== undefined && attachment.size > maxBytes) throw new FileTooLargeError(attachment.filename, maxBytes);
  if (!attachment.id || !/^[1-9][0-9]*$/.test(attachment.id)) {
    throw new NotFoundError(`RT attachment ${attachment.filename} of transaction ${articleId} has no id`, {
      system: deps.helpdeskId,
      method: 'GET',
      path: '/attachment',
    });
  }
  const part = await deps.client.get(`/attachment/${attachment.id}`, {}, attachmentContentSchema);
  const bytes = Buffer.from(part.Content, 'base64');
  if (bytes.length > maxBytes) throw new FileTooLargeError(attachment.filename, maxBytes);
  return {
    filename: part.Filename || attachment.filename,
    contentType: part.ContentType || attachment.contentType,
    size: bytes.length,
    stream: Readable.from([bytes]),
  };
}
