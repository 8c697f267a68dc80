import type { Response } from 'express';

/** Reason phrases Restler prefixes to every error message ("Not Found: Ticket not found"). */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error the double answers in Dolibarr's Restler shape; `extra` lands under numeric keys as on failed creates. */
export class DolibarrHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail?: string,
    readonly extra: string[] = [],
  ) {
    super(detail ?? REASONS[status] ?? String(status));
  }
}

export const notFound = (detail?: string): DolibarrHttpError => new DolibarrHttpError(404, detail);
export const badRequest = (detail: string): DolibarrHttpError => new DolibarrHttpError(400, detail);

export function restlerBody(status: number, detail?: string, extra: string[] = []): Record<string, unknown> {
  const reason = REASONS[status] ?? 'Error';
  const error: Record<string, unknown> = {};
  extra.forEach((text, i) => (error[String(i)] = text));
  error.code = status;
  error.message = detail ? `${reason}: ${detail}` : reason;
  return {
    error,
    debug: {
      source: 'dolibarr-double',
      stages: { success: ['get', 'route', 'negotiate', 'authenticate', 'validate'], failure: ['call', 'message'] },
    },
  };
}

export function sendError(res: Response, err: DolibarrHttpError): void {
  res.status(err.status).json(restlerBody(err.status, err.detail, err.extra));
}
