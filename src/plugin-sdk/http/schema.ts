import type { z } from 'zod';
import { formatZodIssues, InputError } from '../errors/input-error';
import { SchemaError, type IntegrationErrorDetails } from '../errors/integration-error';

/** The path of the first bad field ("ticket.createdAt"), or "(root)" when the whole value is wrong. */
function firstBadField(err: z.ZodError): string {
  const path = err.issues[0]?.path ?? [];
  return path.length ? path.join('.') : '(root)';
}

/** A remote answer that does not have the shape we expect: every issue in the message, the first bad field in `field`. */
export function schemaErrorOf(what: string, err: z.ZodError, details: Omit<IntegrationErrorDetails, 'field'>): SchemaError {
  return new SchemaError(`${what}: unexpected shape (${formatZodIssues(err).join('; ')})`, { ...details, field: firstBadField(err) });
}

/** Parses a remote system's answer; a shape we do not understand is a SchemaError (never retried). */
export function parseAnswer<S extends z.ZodTypeAny>(
  schema: S,
  body: unknown,
  what: string,
  details: Omit<IntegrationErrorDetails, 'field'>,
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw schemaErrorOf(what, parsed.error, details);
  return parsed.data;
}

/** Parses input from outside (a delivery, a cursor, an admin request); every bad field is named, nothing is done. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw InputError.fromZod(what, parsed.error);
  return parsed.data;
}
