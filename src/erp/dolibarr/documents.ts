import { z } from 'zod';
import { FileTooLargeError } from '../../plugin-sdk';
import type { DolibarrCore } from './core';
import { base64JsonBody } from './base64-json-body';
import { text } from './schema-primitives';
import { documentSchema, downloadedDocumentSchema } from './schemas';
import type { DolDocument, DolDownloadedDocument, TicketDocumentUpload } from './types';

/** A ticket's documents (GED): upload, list, download. Facts: API-FACTS §11 and test/fixtures/dolibarr/document*. */

/**
 * `ref` is the numeric ticket id as a string: the ticket ref makes Dolibarr fail with a mixed HTML/JSON 500.
 * The body is streamed (base64 inside JSON). Dolibarr creates the ticket's directory on the first upload,
 * sanitises the name (its answer is the stored name) and enforces no size limit of its own (40 MiB accepted).
 * An existing name without `overwrite` is a 400 "already exists".
 */
export function uploadTicketDocument(core: DolibarrCore, ticketId: number, file: TicketDocumentUpload): Promise<string> {
  const fields = {
    filename: file.filename,
    modulepart: 'ticket',
    ref: String(ticketId),
    fileencoding: 'base64',
    overwriteifexists: file.overwrite ? 1 : 0,
  };
  return core.get({ method: 'POST', path: '/documents/upload', stream: base64JsonBody(fields, 'filecontent', file.content), schema: text });
}

/** By id, or by ref when only that is known. No files (no directory yet) is a 404 for this endpoint: []. */
export async function listTicketDocuments(core: DolibarrCore, ticket: number | { ref: string }): Promise<DolDocument[]> {
  const query = typeof ticket === 'number' ? { modulepart: 'ticket', id: ticket } : { modulepart: 'ticket', ref: ticket.ref };
  const docs = await core.find({ method: 'GET', path: '/documents', query, schema: z.array(documentSchema) });
  return docs ?? [];
}

/**
 * The whole file comes back base64 inside JSON, so the answer is capped at what `maxBytes` of content
 * can take; a bigger one is refused unread (FileTooLargeError). A missing file is null.
 */
export async function downloadTicketDocument(
  core: DolibarrCore,
  ticketRef: string,
  filename: string,
  maxBytes: number,
): Promise<DolDownloadedDocument | null> {
  const doc = await core.find({
    method: 'GET',
    path: '/documents/download',
    query: { modulepart: 'ticket', original_file: `${ticketRef}/${filename}` },
    maxResponseBytes: 4 * Math.ceil(maxBytes / 3) + 4096,
    schema: downloadedDocumentSchema,
  });
  if (doc && doc.size > maxBytes) throw new FileTooLargeError(filename, maxBytes);
  return doc;
}
