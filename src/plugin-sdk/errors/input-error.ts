import type { ZodError } from 'zod';

/** Input from outside (webhook, admin call, config) that does not validate. Never retried. */
export class InputError extends Error {
  readonly issues: string[];
  readonly transient = false;
  constructor(message: string, issues: string[] = []) {
    super(issues.length ? `${message}: ${issues.join('; ')}` : message);
    this.name = 'InputError';
    this.issues = issues;
  }

  static fromZod(what: string, err: ZodError): InputError {
    return new InputError(what, formatZodIssues(err));
  }
}

/** "field.path: message" for every issue, so the caller sees every bad field at once. */
export function formatZodIssues(err: ZodError): string[] {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}
