import { createHash } from 'node:crypto';
import { type Article, type Attachment, FileTooLargeError, isIntegrationError, readBounded, retryDecision } from '../../plugin-sdk';
import type { AttachmentLink } from '../ports';
import { documentName, typeAllowed } from '../rules/document-name';
import type { EngineDeps } from '../shared/deps';
import { emitUpdate } from '../shared/emit-update';
import { renderTemplate } from '../templates';
import type { MirrorContext } from './mirror-context';

/** The files of one article as the ERP message names them. */
export interface ArticleFiles {
  carried: string[];
  refused: { filename: string; reason: string }[];
}

/** A file the bridge will not carry whatever the retries: its type is not allowed. */
class FileTypeRefused extends Error {
  readonly transient = false;
}

/**
 * Each attachment of an article becomes one document of the ERP ticket, exactly once: the link (document name
 * and content hash) is kept per article and attachment. The name is unique per ticket, so a run that died
 * between the upload and the link overwrites its own document instead of adding a second one. A file that
 * cannot be carried for good (too big, type not allowed, refused by Dolibarr, unreadable) is reported once on
 * the helpdesk ticket and never fails the mirror; a transient failure retries the job.
 */
export async function syncAttachments(ctx: MirrorContext, deps: EngineDeps, article: Article, bridgeWritten: boolean): Promise<ArticleFiles> {
  const files: ArticleFiles = { carried: [], refused: [] };
  const adapter = deps.adapters.get(ctx.key.helpdeskId);
  if (!deps.sync.attachments.enabled || !adapter?.readAttachment) return files;
  const names = uniqueNames(article);
  for (const [index, attachment] of article.attachments.entries()) {
    const attachmentKey = attachment.id ?? String(index);
    let link = await deps.links.getAttachmentLink(ctx.key, article.id, attachmentKey);
    // A note the bridge wrote carries the ERP document it reports: that file is already in the ERP.
    if (link === null && bridgeWritten && (await deps.links.isErpDocumentKnown(ctx.link.erpId, attachment.filename))) {
      link = { documentName: attachment.filename, sha256: 'from-erp' };
      await deps.links.saveAttachmentLink(ctx.key, article.id, attachmentKey, link, ctx.link.erpId);
    }
    if (link === null) {
      link = await carryOrRefuse(ctx, deps, article, attachment, names[index]);
      await deps.links.saveAttachmentLink(ctx.key, article.id, attachmentKey, link, ctx.link.erpId);
      if ('rejected' in link) await reportRefused(ctx, deps, article, attachment, attachmentKey, link.rejected);
    }
    if ('documentName' in link) files.carried.push(link.documentName);
    else files.refused.push({ filename: attachment.filename, reason: link.rejected });
  }
  return files;
}

async function carryOrRefuse(ctx: MirrorContext, deps: EngineDeps, article: Article, attachment: Attachment, name: string): Promise<AttachmentLink> {
  try {
    return await carry(ctx, deps, article, attachment, name);
  } catch (err) {
    if (retryDecision(err).retry) throw err;
    const reason = refusalReason(err, deps.sync.attachments.maxBytes);
    deps.logger.warn('attachment not carried to the ERP', { ...ctx.key, articleId: article.id, filename: attachment.filename, reason });
    return { rejected: reason };
  }
}

async function carry(ctx: MirrorContext, deps: EngineDeps, article: Article, attachment: Attachment, name: string): Promise<AttachmentLink> {
  const { maxBytes, allowedTypes } = deps.sync.attachments;
  if (attachment.size !== undefined && attachment.size > maxBytes) throw new FileTooLargeError(attachment.filename, maxBytes);
  if (!typeAllowed(attachment.contentType, allowedTypes)) throw new FileTypeRefused(`its type ${attachment.contentType ?? 'unknown'} is not allowed`);
  const content = await deps.adapters.get(ctx.key.helpdeskId)!.readAttachment!(ctx.key.ticketId, article.id, attachment, maxBytes);
  const type = content.contentType ?? attachment.contentType;
  if (!typeAllowed(type, allowedTypes)) {
    content.stream.destroy();
    throw new FileTypeRefused(`its type ${type ?? 'unknown'} is not allowed`);
  }
  const bytes = await readBounded(content.stream, maxBytes, attachment.filename);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const stored = await deps.erp.uploadTicketDocument(ctx.link.erpId, { filename: name, content: bytes, overwrite: true });
  deps.logger.info('attachment carried to the ERP ticket documents', {
    ...ctx.key,
    articleId: article.id,
    document: stored,
    bytes: bytes.length,
    erpTicket: ctx.link.erpRef,
  });
  return { documentName: stored, sha256 };
}

function refusalReason(err: unknown, maxBytes: number): string {
  if (err instanceof FileTooLargeError) return `it is larger than the ${formatBytes(maxBytes)} limit`;
  if (err instanceof FileTypeRefused) return err.message;
  if (isIntegrationError(err)) {
    return err.system === 'dolibarr'
      ? `Dolibarr refused it (${err.remoteMessage ?? err.message})`
      : `it could not be read from the helpdesk (${err.remoteMessage ?? err.message})`;
  }
  return `it could not be carried (${err instanceof Error ? err.message : String(err)})`;
}

async function reportRefused(
  ctx: MirrorContext,
  deps: EngineDeps,
  article: Article,
  attachment: Attachment,
  attachmentKey: string,
  reason: string,
): Promise<void> {
  await emitUpdate(deps, ctx.key, {
    eventId: `attachment.rejected:${ctx.key.helpdeskId}:${ctx.key.ticketId}:${article.id}:${attachmentKey}`,
    type: 'attachment.rejected',
    data: { articleId: article.id, filename: attachment.filename, reason, erpRef: ctx.link.erpRef },
    note: renderTemplate('attachment-rejected', { filename: attachment.filename, reason, erpRef: ctx.link.erpRef }),
  });
}

/** Two files of one article with the same name get "-2", "-3" after the article id. */
function uniqueNames(article: Article): string[] {
  const seen = new Set<string>();
  return article.attachments.map((a) => {
    let name = documentName(article.id, a.filename);
    for (let n = 1; seen.has(name.toLowerCase()); n += 1) name = documentName(article.id, a.filename, n);
    seen.add(name.toLowerCase());
    return name;
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
