import type { Readable } from 'node:stream';

/** An attachment's bytes as a plugin hands them over: a stream, read once, with what the helpdesk says of it. */
export interface AttachmentContent {
  filename: string;
  contentType?: string;
  /** Bytes, when the helpdesk says so before the content is read. */
  size?: number;
  stream: Readable;
}

/** A file bigger than the configured limit. Never retried: the same file stays too big. */
export class FileTooLargeError extends Error {
  readonly transient = false;
  constructor(
    readonly filename: string,
    readonly limitBytes: number,
  ) {
    super(`${filename} is larger than the ${limitBytes}-byte limit`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Reads a stream into one Buffer, stopping (and destroying the stream) as soon as it passes `maxBytes`,
 * so an oversized file never costs more memory than the limit.
 */
export async function readBounded(stream: Readable, maxBytes: number, filename: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buf.length;
    if (total > maxBytes) {
      stream.destroy();
      throw new FileTooLargeError(filename, maxBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}
