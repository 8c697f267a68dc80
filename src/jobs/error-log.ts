import { InputError, isIntegrationError } from '../plugin-sdk';

/** A plain object describing an error for a log line: typed errors give their own toLog(). */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (isIntegrationError(err)) return { name: err.name, message: err.message, ...err.toLog() };
  // The fields an input was refused for, one by one, not only inside the message.
  if (err instanceof InputError) return { name: err.name, message: err.message, issues: err.issues };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}
