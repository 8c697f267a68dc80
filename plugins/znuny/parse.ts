import type { z } from 'zod';
import { SchemaError } from '../../src/plugin-sdk/errors';
import { formatZodIssues } from '../../src/plugin-sdk/errors/input-error';

/** Parses a Znuny answer; a shape we do not understand is a SchemaError naming the field. */
export function parseAnswer<T extends z.ZodTypeAny>(schema: T, body: unknown, system: string, operation: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = formatZodIssues(parsed.error);
  throw new SchemaError(`Znuny ${operation} answer does not have the expected shape: ${issues.join('; ')}`, {
    system,
    method: operation,
    path: operation,
    field: parsed.error.issues[0]?.path.join('.'),
  });
}
