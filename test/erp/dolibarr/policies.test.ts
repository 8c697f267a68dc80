import { remoteMessageOf, InvalidRequestError, RateLimitedError, ServerError, TimeoutError } from '../../../src/plugin-sdk';
import { errorFromResponse } from '../../../src/erp/dolibarr/error-mapping';
import { collect, paginate } from '../../../src/erp/dolibarr/pagination';
import { bodyValue, parseBody } from '../../../src/erp/dolibarr/response-body';
import { backoffMs, retryDelayMs } from '../../../src/erp/dolibarr/retry-policy';

const d = { system: 'dolibarr', method: 'GET', path: '/x' };
const policy = { maxRetries: 3, baseMs: 100, maxMs: 1000 };

describe('retry policy (pure)', () => {
  it('backs off exponentially with jitter, bounded by maxMs', () => {
    expect(backoffMs(0, policy, () => 0)).toBe(50);
    expect(backoffMs(0, policy, () => 1)).toBe(100);
    expect(backoffMs(2, policy, () => 1)).toBe(400);
    expect(backoffMs(10, policy, () => 1)).toBe(1000);
  });

  it('retries transient errors only, and at most maxRetries times', () => {
    const transient = new TimeoutError('t', d);
    expect(retryDelayMs(transient, 0, policy, () => 0.5)).toBe(75);
    expect(retryDelayMs(transient, 3, policy, () => 0.5)).toBeNull();
    expect(retryDelayMs(new InvalidRequestError('bad', d), 0, policy, () => 0.5)).toBeNull();
    expect(retryDelayMs(new ServerError('503', { ...d, transient: true }), 0, policy, () => 0.5)).toBe(75);
    expect(retryDelayMs(new ServerError('500', d), 0, policy, () => 0.5)).toBeNull();
    expect(retryDelayMs(new Error('programming error'), 0, policy, () => 0.5)).toBeNull();
  });

  it('waits at least Retry-After, and leaves waits longer than maxMs to the job layer', () => {
    expect(retryDelayMs(new RateLimitedError('429', { ...d, retryAfterMs: 900 }), 0, policy, () => 0.5)).toBe(900);
    expect(retryDelayMs(new RateLimitedError('429', { ...d, retryAfterMs: 60_000 }), 0, policy, () => 0.5)).toBeNull();
  });
});

describe('defensive body reading', () => {
  it('finds the JSON after an HTML preamble and keeps Dolibarr numeric-key details', () => {
    const body = parseBody(
      'Dolibarr has detected a technical error.<br>\n<b>Message:</b> x<br>\n{"error":{"0":"Error Duplicate entry \'X\' for key \'uk\'","code":500,"message":"Internal Server Error: Error creating ticket"}}',
    );
    expect(body.kind).toBe('json');
    expect(remoteMessageOf(bodyValue(body))).toBe("Internal Server Error: Error creating ticket | Error Duplicate entry 'X' for key 'uk'");
  });

  it('reads empty bodies and plain text', () => {
    expect(parseBody('')).toEqual({ kind: 'empty' });
    expect(parseBody('API not found (failed to include API file)')).toEqual({ kind: 'text', text: 'API not found (failed to include API file)' });
  });

  it('maps a 503 SQL error as not transient and a bare 503 as transient', () => {
    const sql = errorFromResponse(
      { method: 'GET', path: '/x' },
      503,
      parseBody('{"error":{"code":503,"message":"Service Unavailable: Error when retrieve thirdparties : Unknown column \'t.x\' in \'WHERE\'"}}'),
      undefined,
      0,
    );
    expect(sql).toBeInstanceOf(ServerError);
    expect(sql.transient).toBe(false);
    const bare = errorFromResponse({ method: 'GET', path: '/x' }, 503, parseBody(''), undefined, 0);
    expect(bare.transient).toBe(true);
    expect(errorFromResponse({ method: 'GET', path: '/x' }, 502, parseBody('<html>bad gateway</html>'), undefined, 0).transient).toBe(true);
  });
});

describe('pagination', () => {
  it('walks 0-based pages until a short page', async () => {
    const asked: Array<[number, number]> = [];
    const pages = [[1, 2], [3, 4], [5]];
    const items = await collect(
      paginate(async (page, limit) => {
        asked.push([page, limit]);
        return pages[page] ?? [];
      }, 2),
    );
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
  });

  it('stops on an empty page beyond the end', async () => {
    const asked: number[] = [];
    const items = await collect(
      paginate(async (page) => {
        asked.push(page);
        return page === 0 ? [1, 2] : [];
      }, 2),
    );
    expect(items).toEqual([1, 2]);
    expect(asked).toEqual([0, 1]);
  });

  it('refuses page sizes Dolibarr would read as "all" or "default"', async () => {
    await expect(collect(paginate(async () => [1], 0))).rejects.toThrow(RangeError);
  });
});
