import { ConnectionError, RateLimitedError } from '../../../src/plugin-sdk';
import { backoffDelay } from '../../../src/jobs/backoff';

const details = { system: 'dolibarr', method: 'GET', path: '/tickets' };

describe('backoffDelay', () => {
  it('doubles from the base with each attempt, up to the cap', () => {
    const err = new ConnectionError('down', details);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, err, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });

  it('waits at least as long as a rate limit asked, even beyond the cap', () => {
    const err = new RateLimitedError('slow down', { ...details, retryAfterMs: 30_000 });
    expect(backoffDelay(1, 1000, err, 10_000)).toBe(30_000);
    expect(backoffDelay(6, 1000, new RateLimitedError('x', { ...details, retryAfterMs: 500 }), 60_000)).toBe(32_000);
  });
});
