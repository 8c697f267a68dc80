import { Readable } from 'node:stream';
import type { StreamBody } from '../../plugin-sdk';

/**
 * `{...fields, "<field>": "<base64 of content>"}` as a stream. Dolibarr's upload wants the file inside the JSON
 * body; the length is known beforehand (4 characters per 3 bytes) so the server gets a Content-Length.
 */
export function base64JsonBody(fields: Record<string, string | number>, field: string, content: Buffer): StreamBody {
  const head = JSON.stringify(fields).slice(0, -1) + `,${JSON.stringify(field)}:"`;
  const tail = '"}';
  const length = Buffer.byteLength(head) + 4 * Math.ceil(content.length / 3) + Buffer.byteLength(tail);
  return { length, open: () => Readable.from(base64Chunks(head, content, tail)) };
}

/** Encodes 48 KiB at a time (a multiple of 3 bytes, so the chunks join into one valid base64 text). */
const CHUNK = 3 * 16 * 1024;

function* base64Chunks(head: string, content: Buffer, tail: string): Generator<Buffer> {
  yield Buffer.from(head);
  for (let at = 0; at < content.length; at += CHUNK) yield Buffer.from(content.subarray(at, at + CHUNK).toString('base64'));
  yield Buffer.from(tail);
}
