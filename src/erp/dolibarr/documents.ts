import { z } from 'zod';
import type { DolibarrCore } from './core';
import { text } from './schema-primitives';
import { documentSchema } from './schemas';
import type { DolDocument } from './types';

/** Documents attached to tickets. */

/** `ref` is the numeric ticket id as a string: the ticket ref makes Dolibarr fail with a mixed HTML/JSON 500. */
export function uploadTicketDocument(core: DolibarrCore, ticketId: number, filename: string, content: Buffer, overwrite = false): Promise<string> {
  return core.get({
    method: 'POST',
    path: '/documents/upload',
    body: {
      filename,
      modulepart: 'ticket',
      ref: String(ticketId),
      filecontent: content.toString('base64'),
      fileencoding: 'base64',
      overwriteifexists: overwrite ? 1 : 0,
    },
    schema: text,
  });
}

/** No files is a 404 for this endpoint. */
export async function listTicketDocuments(core: DolibarrCore, ticketId: number): Promise<DolDocument[]> {
  const docs = await core.find({ method: 'GET', path: '/documents', query: { modulepart: 'ticket', id: ticketId }, schema: z.array(documentSchema) });
  return docs ?? [];
}
