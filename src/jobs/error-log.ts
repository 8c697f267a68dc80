import { isIntegrationError } from '../plugin-sdk';

/** A plain object describing an error for a log line: typed errors give their own toLog(). */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (isIntegrationError(err)) return { name: err.name, message: err.message, ...err.toLog() };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}
