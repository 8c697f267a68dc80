import { PassThrough } from 'node:stream';
import { createRootLogger } from '../../../src/logging/logger';
import { registerSecret } from '../../../src/plugin-sdk';

function capture(level = 'debug') {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const logger = createRootLogger({ level, stream });
  return { logger, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), raw: () => lines.join('\n') };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('structured logging without secrets', () => {
  it('writes JSON lines with the component of a named child logger', async () => {
    const { logger, lines } = capture();
    logger.child({ component: 'dolibarr' }).info('request done', { method: 'GET', path: '/tickets/2', status: 200 });
    await tick();
    expect(lines()[0]).toMatchObject({ level: 'info', message: 'request done', component: 'dolibarr', status: 200 });
    expect(lines()[0].timestamp).toEqual(expect.any(String));
  });

  it('drops lines below the level before formatting them, and writes them once the level allows', async () => {
    const { logger, lines } = capture('info');
    let serialised = 0;
    const payload = { toJSON: () => ++serialised };
    const child = logger.child({ component: 'dolibarr' });
    child.debug('dolibarr request', { payload });
    child.info('ERP ticket created', { erpId: 7 });
    await tick();
    expect(lines().map((l) => l.message)).toEqual(['ERP ticket created']);
    expect(serialised).toBe(0);
    logger.level = 'debug';
    child.debug('dolibarr request', { payload });
    await tick();
    expect(lines().map((l) => l.message)).toEqual(['ERP ticket created', 'dolibarr request']);
    expect(serialised).toBe(1);
  });

  it('masks secret-named fields, DOLAPIKEY headers, query keys and bearer tokens', async () => {
    const { logger, raw } = capture();
    logger.warn('call failed', {
      headers: { DOLAPIKEY: 'redaction-test-key-not-a-real-one', Authorization: 'token 1-14-abcdef' },
      url: 'http://erp/api/index.php/tickets?DOLAPIKEY=redaction-test-key-not-a-real-one&limit=1',
      password: 'hunter2hunter2',
      webhookSecret: 'whsec-1234567',
      detail: 'sent Bearer eyJhbGciOiJIUzI1NiJ9.x.y to the api',
      retried: 'GET /ticket?sessionid=s3ss-value-long&x=1 with dolapikey: "lower-case-key-value"',
    });
    await tick();
    const out = raw();
    expect(out).not.toContain('redaction-test-key-not-a-real-one');
    expect(out).not.toContain('hunter2hunter2');
    expect(out).not.toContain('whsec-1234567');
    expect(out).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(out).not.toContain('1-14-abcdef');
    expect(out).not.toContain('s3ss-value-long');
    expect(out).not.toContain('lower-case-key-value');
    expect(out).toContain('limit=1');
  });

  it('masks registered secret values inside free text and error messages', async () => {
    registerSecret('my-very-secret-admin-token');
    const { logger, raw } = capture();
    logger.error('boom', { error: new Error('token my-very-secret-admin-token was refused') });
    logger.info('plain text with my-very-secret-admin-token inside');
    await tick();
    expect(raw()).not.toContain('my-very-secret-admin-token');
    expect(raw()).toContain('was refused');
  });
});
