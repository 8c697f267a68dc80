/** A delivery whose credentials are missing or wrong (→ 401). */
export class InboundAuthError extends Error {
  readonly transient = false;
  constructor(message: string) {
    super(message);
    this.name = 'InboundAuthError';
  }
}
