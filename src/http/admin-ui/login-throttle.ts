const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

/** Slows token guessing: after 10 wrong tokens from one address within 15 minutes, logins from it wait. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  private recent(ip: string, now: number): number[] {
    const list = (this.failures.get(ip) ?? []).filter((t) => now - t < WINDOW_MS);
    if (list.length) this.failures.set(ip, list);
    else this.failures.delete(ip);
    return list;
  }

  blocked(ip: string, now: Date): boolean {
    return this.recent(ip, now.getTime()).length >= MAX_FAILURES;
  }

  failed(ip: string, now: Date): void {
    this.failures.set(ip, [...this.recent(ip, now.getTime()), now.getTime()]);
  }
}
