import { z } from 'zod';
import {
  AuthError,
  callSiteOf,
  ForbiddenError,
  InputError,
  InvalidRequestError,
  NotFoundError,
  noteMarker,
  parseAnswer,
  parseInput,
  parseRetryAfter,
  RateLimitedError,
  remoteMessageOf,
  retryDecision,
  SchemaError,
  ServerError,
  TimeoutError,
  errorForHttpStatus,
  type CallSite,
} from '../../../src/plugin-sdk';

const site: CallSite = { system: 'rt-main', method: 'GET', path: '/ticket/7' };
const NOW = Date.parse('2026-11-22T15:00:00Z');

describe('status → typed error: one rule for every remote system', () => {
  it.each([
    [401, AuthError, false],
    [403, ForbiddenError, false],
    [404, NotFoundError, false],
    [400, InvalidRequestError, false],
    [422, InvalidRequestError, false],
    [408, TimeoutError, true],
    [429, RateLimitedError, true],
    [500, ServerError, false],
    [501, ServerError, false],
    [502, ServerError, true],
    [503, ServerError, true],
    [504, ServerError, true],
  ])('%i → %p, transient: %p', (status, type, transient) => {
    const err = errorForHttpStatus('RT', site, { status, remoteMessage: 'it said no' });
    expect(err).toBeInstanceOf(type);
    expect(err.transient).toBe(transient);
    expect(retryDecision(err).retry).toBe(transient);
    expect(err).toMatchObject({ system: 'rt-main', method: 'GET', path: '/ticket/7', status, remoteMessage: 'it said no' });
    expect(err.message).toBe(`RT GET /ticket/7 answered ${status}: it said no`);
  });

  it('carries Retry-After on a 429 into the retry decision, and a hint into the message', () => {
    const limited = errorForHttpStatus('RT', site, { status: 429, retryAfterMs: parseRetryAfter('7', NOW) });
    expect(retryDecision(limited)).toMatchObject({ retry: true, waitMs: 7000 });
    const auth = errorForHttpStatus('RT', site, { status: 401 }, 'check the token');
    expect(auth.message).toBe('RT GET /ticket/7 answered 401 (check the token)');
  });
});

describe('Retry-After', () => {
  it.each([
    ['7', 7000],
    [' 120 ', 120_000],
    ['1.5', 1500],
    ['Sun, 22 Nov 2026 15:00:30 GMT', 30_000],
    ['Sun, 22 Nov 2026 14:59:00 GMT', 0],
    [['3'], 3000],
  ])('%p → %p ms', (header, ms) => {
    expect(parseRetryAfter(header, NOW)).toBe(ms);
  });

  it.each([undefined, '', 'soon', '-5', 42])('%p → no wait asked', (header) => {
    expect(parseRetryAfter(header, new Date(NOW))).toBeUndefined();
  });
});

describe('remote message', () => {
  it.each([
    ['RT JSON', { message: 'Permission Denied' }, 'Permission Denied'],
    ['RT write results', ['Status changed', 'Could not add a new value'], 'Status changed; Could not add a new value'],
    [
      'Dolibarr error with numeric details',
      { error: { code: 500, message: 'Error creating ticket', 0: "Duplicate entry 'X'" } },
      "Error creating ticket | Duplicate entry 'X'",
    ],
    ['plain error string', { error: 'database is down' }, 'database is down'],
    ['Jira', { errorMessages: ['Issue does not exist'], errors: {} }, 'Issue does not exist'],
    ['HTML page', '<html><body><h1>Bad gateway</h1>\n<p>nginx</p></body></html>', 'Bad gateway nginx'],
    ['text with an address in angle brackets', 'Invalid requestor <a@example.com>', 'Invalid requestor <a@example.com>'],
  ])('%s', (_, body, expected) => {
    expect(remoteMessageOf(body)).toBe(expected);
  });

  it('is absent for empty or unknown bodies and bounded for huge ones', () => {
    expect(remoteMessageOf('   ')).toBeUndefined();
    expect(remoteMessageOf(undefined)).toBeUndefined();
    expect(remoteMessageOf({ ok: false })).toBeUndefined();
    expect(remoteMessageOf('x'.repeat(5000))).toHaveLength(500);
  });
});

describe('zod wrappers', () => {
  const answer = z.object({ ticket: z.object({ id: z.number(), title: z.string() }) });

  it('turns an unexpected answer into a SchemaError naming the first bad field', () => {
    let err: unknown;
    try {
      parseAnswer(answer, { ticket: { id: 'seven', title: 3 } }, 'RT GET /ticket/7', site);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaError);
    expect(err).toMatchObject({ field: 'ticket.id', system: 'rt-main', transient: false });
    expect((err as Error).message).toMatch(/^RT GET \/ticket\/7: unexpected shape \(ticket\.id: .*; ticket\.title: /);
  });

  it('names the root when the whole answer is wrong, and returns the parsed value otherwise', () => {
    expect(() => parseAnswer(answer, 'not json', 'x', site)).toThrow(expect.objectContaining({ field: '(root)' }));
    expect(parseAnswer(answer, { ticket: { id: 7, title: 'Printer' } }, 'x', site)).toEqual({ ticket: { id: 7, title: 'Printer' } });
  });

  it('turns bad input into an InputError listing every bad field', () => {
    let err: unknown;
    try {
      parseInput(answer, { ticket: { id: 'seven' } }, 'invalid delivery');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues).toEqual([expect.stringMatching(/^ticket\.id: /), expect.stringMatching(/^ticket\.title: /)]);
    expect(retryDecision(err).retry).toBe(false);
  });
});

describe('call sites', () => {
  it('keep neither the query nor the user info of a URL', () => {
    const s = callSiteOf('webhook', 'POST', 'https://user:secret@hooks.example.com/in?token=abc');
    expect(s).toEqual({ system: 'webhook', method: 'POST', path: '/in', host: 'hooks.example.com' });
    expect(errorForHttpStatus('webhook receiver', s, { status: 404 }).message).toBe('webhook receiver POST hooks.example.com/in answered 404');
  });
});

describe('noteMarker', () => {
  it('keeps a readable event id as it is, the same on every call', () => {
    expect(noteMarker('erp.status_changed:57:8:1732287600000')).toBe('[tb:erp.status_changed:57:8:1732287600000]');
  });

  it('hashes ids a helpdesk search could misread or that are too long, stably and distinctly', () => {
    const odd = 'time_entry.rejected:rt:7:t-9:changed-after-validation:3600->7200';
    expect(noteMarker(odd)).toMatch(/^\[tb:[0-9a-f]{40}\]$/);
    expect(noteMarker(odd)).toBe(noteMarker(odd));
    expect(noteMarker(`${odd}0`)).not.toBe(noteMarker(odd));
    expect(noteMarker('a'.repeat(81))).toMatch(/^\[tb:[0-9a-f]{40}\]$/);
  });
});
