import type { Readable } from 'node:stream';
import axios from 'axios';
import {
  type Attachment,
  type AttachmentContent,
  callSiteOf,
  ConnectionError,
  errorForHttpStatus,
  FileTooLargeError,
  InputError,
  TimeoutError,
} from '../../src/plugin-sdk';

export interface AttachmentReaderOptions {
  helpdeskId: string;
  /** Hosts links may point to (`host` or `host:port`). */
  hosts: readonly string[];
  timeoutMs: number;
  now(): Date;
}

/**
 * The generic webhook sends a file as a link (`url`, `expiresAt`) because its 5 MB body cannot carry it: the
 * bridge fetches it as a stream, only from an allowed host, never after it expired, never following redirects
 * (a redirect could leave the allowed hosts), and stops at the size limit. The link itself is a credential:
 * only its host appears in errors and logs.
 */
export function createAttachmentReader(opts: AttachmentReaderOptions) {
  return async (_ticketId: string, _articleId: string, attachment: Attachment, maxBytes: number): Promise<AttachmentContent> => {
    if (!attachment.url) throw new InputError(`attachment ${attachment.filename} has no url to fetch it from`);
    const url = new URL(attachment.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(`attachment ${attachment.filename}: url must be http(s)`);
    if (!opts.hosts.includes(url.host)) throw new InputError(`attachment ${attachment.filename}: host ${url.host} is not in attachmentHosts`);
    if (attachment.expiresAt && attachment.expiresAt.getTime() <= opts.now().getTime())
      throw new InputError(`attachment ${attachment.filename}: its link expired at ${attachment.expiresAt.toISOString()}`);
    if (attachment.size !== undefined && attachment.size > maxBytes) throw new FileTooLargeError(attachment.filename, maxBytes);
    const site = { ...callSiteOf(opts.helpdeskId, 'GET', `${url.protocol}//${url.host}/`), path: `${url.host} (attachment link)` };
    let res;
    try {
      res = await axios.get<Readable>(url.toString(), {
        responseType: 'stream',
        timeout: opts.timeoutMs,
        maxRedirects: 0,
        validateStatus: () => true,
      });
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const details = { system: opts.helpdeskId, method: 'GET', path: site.path };
      if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') throw new TimeoutError(`attachment link on ${url.host} timed out`, details);
      throw new ConnectionError(`attachment link on ${url.host} failed: ${code || (err as Error).message}`, details);
    }
    if (res.status < 200 || res.status >= 300) {
      res.data.destroy();
      throw errorForHttpStatus('attachment link', site, { status: res.status });
    }
    const length = Number(res.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes) {
      res.data.destroy();
      throw new FileTooLargeError(attachment.filename, maxBytes);
    }
    const type = res.headers['content-type'];
    return {
      filename: attachment.filename,
      contentType: attachment.contentType ?? (typeof type === 'string' ? type : undefined),
      size: Number.isFinite(length) ? length : undefined,
      stream: res.data,
    };
  };
}
