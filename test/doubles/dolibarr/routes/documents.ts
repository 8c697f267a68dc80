import { Router } from 'express';
import type { DoubleContext } from '../context';
import { badRequest, notFound, restlerBody } from '../errors';
import { body, requireFields, route } from '../http';
import { documentBody } from '../serialize-crm';
import type { Ticket } from '../state';
import { nowTs } from '../state';

/** dol_print_error writes an HTML/text preamble before the JSON, still as application/json (recorded). */
const PRINT_ERROR_PREAMBLE =
  'This website or feature is currently temporarily not available or failed after a technical error.<br><br>' +
  "Dolibarr has detected a technical error. You can read log file or set option $dolibarr_main_prod to '0' in your config file to get more information.";

/** Ticket documents only: upload by numeric id (the `ref` field), list by id or ref, download. */
export function documentsRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;

  r.post(
    '/documents/upload',
    route((req, res) => {
      const b = body(req);
      requireFields(b, ['filename', 'modulepart']);
      if (b.modulepart !== 'ticket') throw badRequest('Modulepart not supported by the double');
      const ref = String(b.ref ?? '');
      if (!/^\d+$/.test(ref)) {
        const json = JSON.stringify(restlerBody(500, 'Error while fetching object: ErrorWrongParameters'), null, 4);
        res
          .status(500)
          .type('application/json')
          .send(PRINT_ERROR_PREAMBLE + json);
        return undefined;
      }
      const ticket = state.tickets.find((t) => t.id === Number(ref));
      if (!ticket) throw notFound(`Object with ref '${ref}' was not found.`);
      const name = String(b.filename);
      const docs = (state.documents[ticket.id] ??= []);
      const existing = docs.findIndex((d) => d.name === name);
      if (existing >= 0 && Number(b.overwriteifexists ?? 0) !== 1) throw badRequest(`File with name '${name}' already exists.`);
      const content = String(b.filecontent ?? '');
      const size = b.fileencoding === 'base64' ? Buffer.from(content, 'base64').length : Buffer.byteLength(content);
      const doc = { name, content: b.fileencoding === 'base64' ? content : Buffer.from(content).toString('base64'), size, date: nowTs() };
      if (existing >= 0) docs[existing] = doc;
      else docs.push(doc);
      return name;
    }),
  );

  const ticketFor = (id: unknown, ref: unknown): Ticket | undefined =>
    state.tickets.find((t) => (id !== undefined && t.id === Number(id)) || (ref !== undefined && t.ref === ref));

  r.get(
    '/documents',
    route((req) => {
      const { modulepart, id, ref } = req.query;
      if (modulepart !== 'ticket') throw badRequest('Modulepart not supported by the double');
      const ticket = ticketFor(id, ref);
      if (!ticket) throw notFound('Ticket not found');
      const docs = state.documents[ticket.id] ?? [];
      if (!docs.length) throw notFound(`Search for modulepart ticket with Id ${ticket.id} or Ref ${ticket.ref} does not return any document.`);
      return docs.map((d) => documentBody(ticket, d));
    }),
  );

  r.get(
    '/documents/download',
    route((req) => {
      const [ref, name] = String(req.query.original_file ?? '').split('/');
      const ticket = state.tickets.find((t) => t.ref === ref);
      const doc = ticket && state.documents[ticket.id]?.find((d) => d.name === name);
      if (!doc) throw notFound(`File not found`);
      return { filename: doc.name, 'content-type': 'application/octet-stream', filesize: doc.size, content: doc.content, encoding: 'base64' };
    }),
  );
  return r;
}
