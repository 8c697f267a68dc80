/** An operation error Znuny reports inside an HTTP 200 body. */
export class OpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { Error: { ErrorCode: this.code, ErrorMessage: this.message } };
  }
}

/** Messages as recorded (typos included). */
export const accessDenied = (op: string) => new OpError(`${op}.AccessDenied`, `${op}: User does not have access to the ticket!`);
export const invalid = (op: string, what: string) => new OpError(`${op}.InvalidParameter`, `${op}: ${what} parameter is invalid!`);
export const missing = (op: string, what: string) => new OpError(`${op}.MissingParameter`, `${op}: ${what} parameter is missing!`);
