import { z } from 'zod';
import type {
  DolAgendaEvent,
  DolContact,
  DolContract,
  DolDictionaryEntry,
  DolDocument,
  DolDownloadedDocument,
  DolExtrafieldDef,
  DolIntervention,
  DolInvoice,
  DolProduct,
  DolProposal,
  DolStatus,
  DolThirdParty,
  DolTicket,
  DolUser,
} from './types';
import { extrafields, fkOrNull, flag, id, linkedObjects, num, numOrNull, text, textOrEmpty, textOrNull, unixDate } from './schema-primitives';

/** Response schemas: raw Dolibarr JSON in, domain types out. Unknown keys are dropped. */

export const statusSchema = z
  .object({ success: z.object({ dolibarr_version: text, access_locked: flag }) })
  .transform((r): DolStatus => ({ version: r.success.dolibarr_version, accessLocked: r.success.access_locked }));

export const modulesSchema = z.array(z.string());

export const thirdPartySchema = z
  .object({ id, name: text, email: textOrNull, phone: textOrNull, code_client: textOrNull, client: numOrNull, status: numOrNull })
  .transform((r): DolThirdParty => ({
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    codeClient: r.code_client,
    client: r.client ?? 0,
    status: r.status ?? 0,
  }));

export const contactSchema = z
  .object({
    id,
    socid: fkOrNull,
    fk_soc: fkOrNull,
    firstname: textOrNull,
    lastname: textOrNull,
    email: textOrNull,
    phone_pro: textOrNull,
    phone_mobile: textOrNull,
  })
  .transform((r): DolContact => ({
    id: r.id,
    socid: r.socid ?? r.fk_soc,
    firstname: r.firstname,
    lastname: r.lastname,
    email: r.email,
    phonePro: r.phone_pro,
    phoneMobile: r.phone_mobile,
  }));

export const userSchema = z
  .object({ id, login: text, email: textOrNull, firstname: textOrNull, lastname: textOrNull, statut: numOrNull, status: numOrNull })
  .transform((r): DolUser => ({
    id: r.id,
    login: r.login,
    email: r.email,
    firstname: r.firstname,
    lastname: r.lastname,
    active: (r.statut ?? r.status) === 1,
  }));

export const productSchema = z
  .object({ id, ref: text, label: textOrEmpty, type: num, price: numOrNull, tva_tx: numOrNull, duration: textOrNull })
  .transform((r): DolProduct => ({
    id: r.id,
    ref: r.ref,
    label: r.label,
    type: r.type,
    price: r.price ?? 0,
    vatRate: r.tva_tx ?? 0,
    duration: r.duration,
  }));

const contractLineSchema = z
  .object({
    id,
    fk_product: fkOrNull,
    product_ref: textOrNull,
    desc: textOrNull,
    description: textOrNull,
    qty: numOrNull,
    subprice: numOrNull,
    statut: num,
    date_start: unixDate,
    date_end: unixDate,
    date_start_real: unixDate,
    date_end_real: unixDate,
  })
  .transform((r) => ({
    id: r.id,
    productId: r.fk_product,
    productRef: r.product_ref,
    description: r.desc ?? r.description,
    qty: r.qty ?? 0,
    unitPrice: r.subprice ?? 0,
    status: r.statut,
    dateStart: r.date_start,
    dateEnd: r.date_end,
    dateStartReal: r.date_start_real,
    dateEndReal: r.date_end_real,
  }));

const linesOf = <T extends z.ZodTypeAny>(line: T) => z.union([z.array(line), z.null(), z.undefined()]).transform((v) => v ?? []);

export const contractSchema = z
  .object({
    id,
    ref: text,
    socid: fkOrNull,
    fk_soc: fkOrNull,
    statut: num,
    date_contrat: unixDate,
    lines: linesOf(contractLineSchema),
    array_options: extrafields,
  })
  .transform((r): DolContract => ({
    id: r.id,
    ref: r.ref,
    socid: r.socid ?? r.fk_soc ?? 0,
    status: r.statut,
    dateContract: r.date_contrat,
    lines: r.lines,
    extrafields: r.array_options,
  }));

const ticketMessageSchema = z
  .object({ id, fk_user_action: fkOrNull, fk_user_action_string: textOrNull, message: textOrEmpty, datec: unixDate, private: flag })
  .transform((r) => ({
    id: r.id,
    userId: r.fk_user_action,
    userName: r.fk_user_action_string,
    message: r.message,
    createdAt: r.datec,
    private: r.private,
  }));

export const ticketSchema = z
  .object({
    id,
    ref: text,
    track_id: text,
    subject: textOrEmpty,
    message: textOrEmpty,
    // PUT changes `status`; `fk_statut` mirrors it on reads (and is the OLD value in webhooks).
    status: numOrNull,
    fk_statut: numOrNull,
    type_code: textOrNull,
    category_code: textOrNull,
    severity_code: textOrNull,
    socid: fkOrNull,
    fk_soc: fkOrNull,
    fk_contract: fkOrNull,
    fk_project: fkOrNull,
    origin_email: textOrNull,
    fk_user_assign: fkOrNull,
    fk_user_create: fkOrNull,
    email_msgid: textOrNull,
    progress: numOrNull,
    datec: unixDate,
    tms: unixDate,
    date_close: unixDate,
    date_read: unixDate,
    array_options: extrafields,
    messages: z.union([z.array(ticketMessageSchema), z.null(), z.undefined()]),
  })
  .superRefine((r, ctx) => {
    if (r.status === null && r.fk_statut === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['status'], message: 'ticket has no status' });
  })
  .transform((r): DolTicket => ({
    id: r.id,
    ref: r.ref,
    trackId: r.track_id,
    subject: r.subject,
    message: r.message,
    status: (r.status ?? r.fk_statut) as number,
    typeCode: r.type_code,
    categoryCode: r.category_code,
    severityCode: r.severity_code,
    socid: r.socid ?? r.fk_soc,
    contractId: r.fk_contract,
    projectId: r.fk_project,
    originEmail: r.origin_email,
    userAssignId: r.fk_user_assign,
    // The mail collector keeps the message id; the public portal creates tickets without a user.
    origin: r.email_msgid ? 'email' : r.fk_user_create === null ? 'portal' : 'user',
    progress: r.progress,
    createdAt: r.datec,
    modifiedAt: r.tms,
    closedAt: r.date_close,
    readAt: r.date_read,
    extrafields: r.array_options,
    ...(r.messages ? { messages: r.messages } : {}),
  }));

export const agendaEventSchema = z
  .object({
    id,
    code: textOrNull,
    type_code: textOrNull,
    label: textOrNull,
    note_private: textOrNull,
    note: textOrNull,
    elementtype: textOrNull,
    elementid: fkOrNull,
    fk_element: fkOrNull,
    userownerid: fkOrNull,
    authorid: fkOrNull,
    datep: unixDate,
    datec: unixDate,
  })
  .transform((r): DolAgendaEvent => ({
    id: r.id,
    code: r.code,
    typeCode: r.type_code,
    label: r.label,
    note: r.note_private ?? r.note,
    elementType: r.elementtype,
    elementId: r.elementid ?? r.fk_element,
    userOwnerId: r.userownerid,
    authorId: r.authorid,
    datep: r.datep,
    createdAt: r.datec,
  }));

const interventionLineSchema = z
  .object({ id, desc: textOrNull, description: textOrNull, date: unixDate, datei: unixDate, duration: numOrNull, rang: numOrNull })
  .transform((r) => ({
    id: r.id,
    description: r.desc ?? r.description ?? '',
    date: r.date ?? r.datei,
    durationSeconds: r.duration ?? 0,
    rank: r.rang ?? 0,
  }));

export const interventionSchema = z
  .object({
    id,
    ref: text,
    socid: fkOrNull,
    fk_soc: fkOrNull,
    fk_contrat: fkOrNull,
    fk_project: fkOrNull,
    statut: num,
    description: textOrNull,
    duration: numOrNull,
    datem: unixDate,
    lines: linesOf(interventionLineSchema),
    linkedObjectsIds: linkedObjects,
    array_options: extrafields,
  })
  .transform((r): DolIntervention => ({
    id: r.id,
    ref: r.ref,
    socid: r.socid ?? r.fk_soc ?? 0,
    contractId: r.fk_contrat,
    projectId: r.fk_project,
    status: r.statut,
    description: r.description,
    durationSeconds: r.duration ?? 0,
    modifiedAt: r.datem,
    lines: r.lines,
    linkedObjects: r.linkedObjectsIds,
    extrafields: r.array_options,
  }));

const proposalLineSchema = z
  .object({ id, fk_product: fkOrNull, desc: textOrNull, description: textOrNull, qty: numOrNull, subprice: numOrNull, tva_tx: numOrNull })
  .transform((r) => ({
    id: r.id,
    productId: r.fk_product,
    description: r.desc ?? r.description,
    qty: r.qty ?? 0,
    unitPrice: r.subprice ?? 0,
    vatRate: r.tva_tx ?? 0,
  }));

export const proposalSchema = z
  .object({
    id,
    ref: text,
    socid: fkOrNull,
    statut: num,
    total_ht: numOrNull,
    date_signature: unixDate,
    date_modification: unixDate,
    lines: linesOf(proposalLineSchema),
    linkedObjectsIds: linkedObjects,
  })
  .transform((r): DolProposal => ({
    id: r.id,
    ref: r.ref,
    socid: r.socid ?? 0,
    status: r.statut,
    totalHt: r.total_ht ?? 0,
    dateSignature: r.date_signature,
    modifiedAt: r.date_modification,
    lines: r.lines,
    linkedObjects: r.linkedObjectsIds,
  }));

export const invoiceSchema = z
  .object({ id, ref: text, socid: fkOrNull, ref_client: textOrNull, statut: num, total_ht: numOrNull, linkedObjectsIds: linkedObjects })
  .transform((r): DolInvoice => ({
    id: r.id,
    ref: r.ref,
    socid: r.socid ?? 0,
    refClient: r.ref_client,
    status: r.statut,
    totalHt: r.total_ht ?? 0,
    linkedObjects: r.linkedObjectsIds,
  }));

export const documentSchema = z
  .object({ filename: textOrNull, name: textOrNull, relativename: text, size: numOrNull, date: unixDate })
  .transform((r): DolDocument => ({ name: r.filename ?? r.name ?? r.relativename, relativeName: r.relativename, size: r.size ?? 0, date: r.date }));

export const downloadedDocumentSchema = z
  .object({ filename: text, 'content-type': textOrNull, filesize: numOrNull, content: z.string(), encoding: z.literal('base64') })
  .transform((r): DolDownloadedDocument => {
    const content = Buffer.from(r.content, 'base64');
    return { filename: r.filename, contentType: r['content-type'] ?? 'application/octet-stream', size: content.length, content };
  });

export const dictionaryEntrySchema = z
  .object({
    rowid: id,
    code: text,
    label: textOrEmpty,
    use_default: flag,
    active: z.union([z.boolean(), z.number(), z.string(), z.null(), z.undefined()]),
  })
  // The endpoint returns active rows unless asked otherwise, and omits the column.
  .transform((r): DolDictionaryEntry => ({
    rowid: r.rowid,
    code: r.code,
    label: r.label,
    useDefault: r.use_default,
    active: r.active === undefined || r.active === null || r.active === 1 || r.active === '1' || r.active === true,
  }));

const extrafieldDefSchema = z.object({ type: text, label: textOrEmpty, list: textOrNull, pos: numOrNull });

/** {"ticket": {"helpdesk_id": {type, label, ...}}} → a flat list. */
export const extrafieldsListSchema = z
  .union([z.record(z.record(extrafieldDefSchema)), z.array(z.unknown()).max(0)])
  .transform((v): DolExtrafieldDef[] =>
    Array.isArray(v)
      ? []
      : Object.entries(v).flatMap(([elementType, defs]) =>
          Object.entries(defs).map(([attrname, d]) => ({ elementType, attrname, label: d.label, type: d.type, visibility: d.list, position: d.pos })),
        ),
  );
