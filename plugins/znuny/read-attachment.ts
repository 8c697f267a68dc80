import { Readable } from 'node:stream';
import { z } from 'zod';
import { type Attachment, type AttachmentContent, FileTooLargeError, NotFoundError, parseAnswer } from '../../src/plugin-sdk';
import { checkTicketId, type ZnunyDeps } from './fetch-ticket';
import { idSchema } from './schemas';

const withContentSchema = z.object({
  Ticket: z
    .array(
      z.object({
        Article: z
          .array(
            z.object({
              ArticleID: idSchema,
              Attachment: z
                .array(
                  z.object({
                    FileID: idSchema.optional(),
                    Filename: z.string().nullish(),
                    ContentType: z.string().nullish(),
                    Content: z.string().default(''),
                  }),
                )
                .default([]),
            }),
          )
          .default([]),
      }),
    )
    .min(1),
});

/**
 * Znuny's REST API gives a file's content only inside TicketGet (`Attachments=1, GetAttachmentContents=1`, base64,
 * recorded 03_ticketget_attachments_base64): there is no per-file operation, so the answer holds the ticket's
 * files at once. A file already known to be over the limit is refused before that call.
 */
export async function readAttachment(
  deps: ZnunyDeps,
  ticketId: string,
  articleId: string,
  attachment: Attachment,
  maxBytes: number,
): Promise<AttachmentContent> {
  if (attachment.size !== undefined && attachment.size > maxBytes) throw new FileTooLargeError(attachment.filename, maxBytes);
  const params = { AllArticles: 1, Attachments: 1, GetAttachmentContents: 1 };
  const body = await deps.client.call('TicketGet', { path: { TicketID: checkTicketId(ticketId) }, params });
  const ticket = parseAnswer(withContentSchema, body, 'Znuny TicketGet answer', { system: deps.helpdeskId, method: 'TicketGet', path: 'TicketGet' })
    .Ticket[0];
  const file = ticket.Article.find((a) => a.ArticleID === articleId)?.Attachment.find((f) =>
    attachment.id ? f.FileID === attachment.id : f.Filename === attachment.filename,
  );
  if (!file)
    throw new NotFoundError(`Znuny has no file ${attachment.filename} on article ${articleId}`, {
      system: deps.helpdeskId,
      method: 'TicketGet',
      path: 'TicketGet',
    });
  const bytes = Buffer.from(file.Content, 'base64');
  if (bytes.length > maxBytes) throw new FileTooLargeError(attachment.filename, maxBytes);
  return {
    filename: file.Filename || attachment.filename,
    contentType: file.ContentType || attachment.contentType,
    size: bytes.length,
    stream: Readable.from([bytes]),
  };
}
