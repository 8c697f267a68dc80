import { autoEvent, nextRef, type DoubleContext } from './context';
import { DolibarrHttpError } from './errors';
import { factureObject, fichinterObject, propalObject } from './payloads';
import type { DocLine, Extra, Intervention, Invoice, Proposal } from './state';
import { addLink, nextId, nowTs } from './state';

/** Dolibarr answers "nothing done" (already in that state) with 304 and an empty body. */
const notModified = (): DolibarrHttpError => new DolibarrHttpError(304);

export interface InterventionInput {
  socid: number;
  fk_project: number;
  description: string;
  fk_contrat?: number | null;
  ref_client?: string | null;
  note_public?: string | null;
  note_private?: string | null;
  array_options?: Extra;
  originTicketId?: number;
}

export function createIntervention(ctx: DoubleContext, input: InterventionInput, caller?: string): Intervention {
  const now = nowTs();
  const id = nextId(ctx.state, 'interventions');
  const fi: Intervention = {
    id,
    ref: `(PROV${id})`,
    socid: input.socid,
    fk_project: input.fk_project,
    fk_contrat: input.fk_contrat ?? null,
    description: input.description,
    ref_client: input.ref_client ?? null,
    note_public: input.note_public ?? null,
    note_private: input.note_private ?? null,
    statut: 0,
    datec: now,
    datev: null,
    datem: now,
    array_options: input.array_options ?? {},
    lines: [],
  };
  ctx.state.interventions.push(fi);
  if (input.originTicketId !== undefined) addLink(ctx.state, 'ticket', input.originTicketId, 'fichinter', id);
  autoEvent(ctx, 'FICHINTER_CREATE', `Intervention ${fi.ref} created`, 'fichinter', id, fi.socid);
  ctx.hooks.emit('FICHINTER_CREATE', fichinterObject(ctx.state, fi, { statut: 0, caller }));
  return fi;
}

export function addInterventionLine(ctx: DoubleContext, fi: Intervention, desc: string, date: number, duration: number): number {
  const id = nextId(ctx.state, 'interventionLines');
  fi.lines.push({ id, desc, date, duration, rang: fi.lines.length + 1 });
  fi.datem = nowTs();
  return id;
}

export function modifyIntervention(ctx: DoubleContext, fi: Intervention, caller?: string): void {
  fi.datem = nowTs();
  autoEvent(ctx, 'FICHINTER_MODIFY', `Intervention ${fi.ref} modified`, 'fichinter', fi.id, fi.socid);
  ctx.hooks.emit('FICHINTER_MODIFY', fichinterObject(ctx.state, fi, { statut: fi.statut, caller }));
}

export function validateIntervention(ctx: DoubleContext, fi: Intervention): void {
  if (fi.statut !== 0) throw notModified();
  const provisional = fi.ref;
  fi.ref = nextRef(ctx, 'FI');
  fi.statut = 1;
  fi.datev = nowTs();
  autoEvent(ctx, 'FICHINTER_VALIDATE', `Intervention ${fi.ref} validated`, 'fichinter', fi.id, fi.socid);
  ctx.hooks.emit('FICHINTER_VALIDATE', fichinterObject(ctx.state, fi, { statut: 0, ref: provisional, newref: fi.ref }));
}

export function closeIntervention(ctx: DoubleContext, fi: Intervention): void {
  if (fi.statut === 3) throw notModified();
  const before = fi.statut;
  fi.statut = 3;
  autoEvent(ctx, 'FICHINTER_CLOSE', `Intervention ${fi.ref} closed`, 'fichinter', fi.id, fi.socid);
  ctx.hooks.emit('FICHINTER_CLOSE', fichinterObject(ctx.state, fi, { statut: before }));
}

/** Reopen puts the intervention back to draft (0), as recorded. */
export function reopenIntervention(ctx: DoubleContext, fi: Intervention): void {
  if (fi.statut === 0) throw notModified();
  const before = fi.statut;
  fi.statut = 0;
  ctx.hooks.emit('FICHINTER_REOPEN', fichinterObject(ctx.state, fi, { statut: before }));
}

/** Links given at creation: `linkedObjectsIds:{"ticket":[2]}` (or legacy `linked_objects:{"ticket":2}`). */
export function linkAtCreation(ctx: DoubleContext, element: string, id: number, linked: Record<string, number[]>): void {
  for (const [type, ids] of Object.entries(linked)) for (const other of ids) addLink(ctx.state, element, id, type, other);
}

export function createProposal(
  ctx: DoubleContext,
  p: Omit<Proposal, 'id' | 'ref' | 'statut' | 'datec' | 'datev' | 'date_signature' | 'datem' | 'lines'>,
  linked: Record<string, number[]>,
  caller?: string,
): Proposal {
  const now = nowTs();
  const id = nextId(ctx.state, 'proposals');
  const proposal: Proposal = { ...p, id, ref: `(PROV${id})`, statut: 0, datec: now, datev: null, date_signature: null, datem: now, lines: [] };
  ctx.state.proposals.push(proposal);
  linkAtCreation(ctx, 'propal', id, linked);
  ctx.hooks.emit('PROPAL_CREATE', propalObject(ctx.state, proposal, caller));
  return proposal;
}

export function addDocLine(ctx: DoubleContext, lines: DocLine[], line: Omit<DocLine, 'id'>): number {
  const id = nextId(ctx.state, 'docLines');
  lines.push({ id, ...line });
  return id;
}

export function validateProposal(ctx: DoubleContext, p: Proposal): void {
  if (p.statut !== 0) throw notModified();
  p.ref = nextRef(ctx, 'PR');
  p.statut = 1;
  p.datev = p.datem = nowTs();
  autoEvent(ctx, 'PROPAL_VALIDATE', `Proposal ${p.ref} validated`, 'propal', p.id, p.socid);
  ctx.hooks.emit('PROPAL_VALIDATE', propalObject(ctx.state, p));
}

/** Signing again answers 200 and fires PROPAL_CLOSE_SIGNED again (recorded); other closes of a closed or draft proposal → 304. */
export function closeProposal(ctx: DoubleContext, p: Proposal, status: 2 | 3, note?: string, caller?: string): void {
  const resign = p.statut === 2 && status === 2;
  if (p.statut !== 1 && !resign) throw notModified();
  p.statut = status;
  p.datem = nowTs();
  if (status === 2) p.date_signature = p.datem;
  if (note !== undefined) p.note_private = note;
  const [code, word] = status === 2 ? ['PROPAL_CLOSE_SIGNED', 'signed'] : ['PROPAL_CLOSE_REFUSED', 'refused'];
  autoEvent(ctx, code, `Proposal ${p.ref} ${word}`, 'propal', p.id, p.socid);
  ctx.hooks.emit(code, propalObject(ctx.state, p, caller));
}

export function validateInvoice(ctx: DoubleContext, inv: Invoice): void {
  if (inv.statut !== 0) throw notModified();
  const provisional = inv.ref;
  inv.ref = nextRef(ctx, 'FA');
  inv.statut = 1;
  inv.datev = inv.datem = nowTs();
  autoEvent(ctx, 'BILL_VALIDATE', `Invoice ${inv.ref} validated`, 'invoice', inv.id, inv.socid);
  ctx.hooks.emit('BILL_VALIDATE', factureObject(inv, provisional));
}
