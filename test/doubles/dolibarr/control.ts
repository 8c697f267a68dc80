import { nowTs } from './state';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { closeIntervention, closeProposal, createIntervention, addInterventionLine, validateIntervention } from './actions-sales';
import { addTicketMessage, createTicket, updateTicket } from './actions-tickets';
import type { CallLog } from './calls';
import type { DoubleContext } from './context';
import { DolibarrHttpError } from './errors';
import { faultSchema, type Faults } from './faults';
import { applySeed, seedSchema } from './seed';
import { emptyState } from './state';

export interface ControlDeps {
  ctx: DoubleContext;
  faults: Faults;
  calls: CallLog;
}

const webhookSchema = z.object({ url: z.string().url().nullable(), triggerCodes: z.array(z.string()).optional() });
const ticketSchema = z.object({
  subject: z.string(),
  message: z.string(),
  fk_soc: z.number().int().optional(),
  origin_email: z.string().optional(),
  type_code: z.string().optional(),
  category_code: z.string().optional(),
  severity_code: z.string().optional(),
  fk_contract: z.number().int().optional(),
  ref: z.string().optional(),
});
const ticketStatusSchema = z.object({ ticketId: z.number().int(), status: z.number().int() });
const ticketMessageSchema = z.object({ ticketId: z.number().int(), message: z.string(), private: z.boolean().default(false) });
const ticketDocumentSchema = z.object({ ticketId: z.number().int(), filename: z.string().min(1), content: z.string() });
const proposalCloseSchema = z.object({ proposalId: z.number().int(), status: z.union([z.literal(2), z.literal(3)]), note: z.string().optional() });
const interventionSchema = z.object({
  socid: z.number().int(),
  ticketId: z.number().int().optional(),
  contractId: z.number().int().optional(),
  description: z.string(),
  lines: z.array(z.object({ description: z.string(), date: z.number().int(), duration: z.number().int().nonnegative() })).default([]),
  validate: z.boolean().default(false),
});
const interventionIdSchema = z.object({ interventionId: z.number().int() });

/** Parses with zod; a bad body answers 400 naming the fields and changes nothing. */
function parse<S extends z.ZodTypeAny>(schema: S, req: Request, res: Response): z.output<S> | undefined {
  const result = schema.safeParse(req.body ?? {});
  if (result.success) return result.data as z.output<S>;
  res.status(400).json({ error: result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') });
  return undefined;
}

/** Runs a UI action; Dolibarr-side refusals (unknown id, already closed) answer 409 with the reason. */
function act(res: Response, fn: () => unknown): void {
  try {
    res.json(fn() ?? { ok: true });
  } catch (err) {
    if (!(err instanceof DolibarrHttpError)) throw err;
    res.status(409).json({ error: err.status === 304 ? 'nothing to do (already in that state)' : err.message });
  }
}

export function controlRouter({ ctx, faults, calls }: ControlDeps): Router {
  const r = Router();
  const ticket = (id: number) => {
    const t = ctx.state.tickets.find((x) => x.id === id);
    if (!t) throw new DolibarrHttpError(404, `ticket ${id} not found`);
    return t;
  };
  const intervention = (id: number) => {
    const f = ctx.state.interventions.find((x) => x.id === id);
    if (!f) throw new DolibarrHttpError(404, `intervention ${id} not found`);
    return f;
  };

  r.post('/seed', (req, res) => {
    const seed = parse(seedSchema, req, res);
    if (seed) res.json(applySeed(ctx.state, seed));
  });
  r.post('/reset', (_req, res) => {
    // In place: routers hold this object.
    Object.assign(ctx.state, emptyState());
    faults.clear();
    calls.reset();
    ctx.hooks.reset();
    res.json({ ok: true });
  });
  r.get('/state', async (_req, res) => {
    await ctx.hooks.idle();
    res.json({ ...ctx.state, calls: calls.calls, callCounts: calls.counts(), webhooks: ctx.hooks.deliveries, faults: faults.list() });
  });

  r.post('/faults', (req, res) => {
    const spec = parse(faultSchema, req, res);
    if (spec) res.json({ id: faults.add(spec) });
  });
  r.get('/faults', (_req, res) => res.json(faults.list()));
  r.delete('/faults', (_req, res) => {
    faults.clear();
    res.json({ ok: true });
  });

  r.post('/webhook', (req, res) => {
    const target = parse(webhookSchema, req, res);
    if (!target) return;
    ctx.hooks.configure(target.url ? { url: target.url, triggerCodes: target.triggerCodes } : undefined);
    res.json({ ok: true });
  });
  r.get('/webhooks', async (_req, res) => {
    await ctx.hooks.idle();
    res.json({ target: ctx.hooks.current ?? null, deliveries: ctx.hooks.deliveries });
  });

  // What a Dolibarr user does in the UI: same triggers as the API, but never a `caller`.
  r.post('/act/ticket', (req, res) => {
    const b = parse(ticketSchema, req, res);
    if (b)
      act(res, () => {
        const t = createTicket(ctx, b);
        return { id: t.id, ref: t.ref, track_id: t.track_id };
      });
  });
  r.post('/act/ticket-status', (req, res) => {
    const b = parse(ticketStatusSchema, req, res);
    if (b) act(res, () => void updateTicket(ctx, ticket(b.ticketId), { status: b.status }));
  });
  r.post('/act/ticket-message', (req, res) => {
    const b = parse(ticketMessageSchema, req, res);
    if (b) act(res, () => void addTicketMessage(ctx, ticket(b.ticketId), b.message, b.private));
  });
  // A file added on the ticket's Documents tab: stored as an upload stores it; the ticket's tms does not move.
  r.post('/act/ticket-document', (req, res) => {
    const b = parse(ticketDocumentSchema, req, res);
    if (b)
      act(res, () => {
        const t = ticket(b.ticketId);
        (ctx.state.documents[t.id] ??= []).push({
          name: b.filename,
          content: b.content,
          size: Buffer.from(b.content, 'base64').length,
          date: nowTs(),
        });
        return { name: b.filename };
      });
  });
  r.post('/act/proposal-close', (req, res) => {
    const b = parse(proposalCloseSchema, req, res);
    if (b)
      act(res, () => {
        const p = ctx.state.proposals.find((x) => x.id === b.proposalId);
        if (!p) throw new DolibarrHttpError(404, `proposal ${b.proposalId} not found`);
        closeProposal(ctx, p, b.status, b.note);
      });
  });
  r.post('/act/intervention', (req, res) => {
    const b = parse(interventionSchema, req, res);
    if (b)
      act(res, () => {
        if (b.ticketId !== undefined) ticket(b.ticketId);
        const fi = createIntervention(ctx, {
          socid: b.socid,
          fk_project: 0,
          description: b.description,
          fk_contrat: b.contractId ?? null,
          originTicketId: b.ticketId,
        });
        for (const l of b.lines) addInterventionLine(ctx, fi, l.description, l.date, l.duration);
        if (b.validate) validateIntervention(ctx, fi);
        return { id: fi.id, ref: fi.ref };
      });
  });
  r.post('/act/intervention-validate', (req, res) => {
    const b = parse(interventionIdSchema, req, res);
    if (b) act(res, () => void validateIntervention(ctx, intervention(b.interventionId)));
  });
  r.post('/act/intervention-close', (req, res) => {
    const b = parse(interventionIdSchema, req, res);
    if (b) act(res, () => void closeIntervention(ctx, intervention(b.interventionId)));
  });
  return r;
}
