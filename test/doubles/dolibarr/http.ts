import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DolibarrHttpError, badRequest, notFound, sendError } from './errors';
import { EmptyServerError } from './list';

export type RawRequest = Request & { rawBody?: string };

/** Runs a route; DolibarrHttpError → Restler error body, 304 → empty body, EmptyServerError → empty 500. */
export function route(fn: (req: RawRequest, res: Response) => unknown): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      const result = fn(req as RawRequest, res);
      if (!res.headersSent) res.status(200).json(result);
    } catch (err) {
      if (err instanceof DolibarrHttpError && err.status === 304) res.status(304).end();
      else if (err instanceof DolibarrHttpError) sendError(res, err);
      else if (err instanceof EmptyServerError) res.status(500).type('application/json').end();
      else next(err);
    }
  };
}

/** Path ids must be integers, else Restler's 400 "invalid value specified for `id`". */
export function intParam(req: Request, name = 'id'): number {
  const raw = req.params[name];
  if (!/^\d+$/.test(raw ?? '')) throw badRequest(`invalid value specified for \`${name}\``);
  return Number(raw);
}

export function body(req: Request): Record<string, unknown> {
  return req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
}

export function requireFields(b: Record<string, unknown>, fields: string[]): void {
  for (const f of fields) if (b[f] === undefined || b[f] === null) throw badRequest(`${f} field missing`);
}

/** validate/close take no body or {"notrigger":0}; a literal {} is rejected (recorded quirk). */
export function checkActionBody(req: RawRequest): void {
  if (!req.rawBody?.trim()) return;
  const b = body(req);
  if (!Number.isInteger(b.notrigger)) throw badRequest('Invalid value specified for `notrigger`. Expecting integer value');
}

export const optStr = (v: unknown): string | null | undefined => (v === undefined ? undefined : v === null ? null : String(v));
export const optNum = (v: unknown): number | null | undefined =>
  v === undefined ? undefined : v === null || v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : null;
export const callerOf = (b: Record<string, unknown>): string | undefined => (typeof b.caller === 'string' ? b.caller : undefined);

export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}
