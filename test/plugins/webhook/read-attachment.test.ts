import nock from 'nock';
import { FileTooLargeError, InputError, NotFoundError, readBounded } from '../../../src/plugin-sdk';
import { createAttachmentReader } from '../../../plugins/webhook/read-attachment';
import { guardNetwork } from '../../support/nock-guard';

guardNetwork();

const NOW = new Date('2026-12-04T12:00:00Z');
const read = createAttachmentReader({ helpdeskId: 'portal', hosts: ['files.portal.example'], timeoutMs: 2000, now: () => NOW });
const link = (path: string, extra: Record<string, unknown> = {}) => ({
  filename: 'shot.png',
  url: `https://files.portal.example${path}`,
  expiresAt: new Date('2026-12-04T12:05:00Z'),
  ...extra,
});

describe('generic webhook: attachments fetched from signed links', () => {
  it('streams the file from an allowed host', async () => {
    nock('https://files.portal.example')
      .get('/f/1')
      .query({ sig: 'abc' })
      .reply(200, Buffer.from('png bytes'), { 'content-type': 'image/png', 'content-length': '9' });
    const file = await read('t1', 'a1', link('/f/1?sig=abc'), 1024);
    expect(file.contentType).toBe('image/png');
    expect((await readBounded(file.stream, 1024, 'shot.png')).toString()).toBe('png bytes');
  });

  it('refuses other hosts, expired links and links without url, without fetching', async () => {
    await expect(read('t1', 'a1', link('/x', { url: 'https://evil.example/x' }), 1024)).rejects.toThrow(/evil.example is not in attachmentHosts/);
    await expect(read('t1', 'a1', link('/x', { expiresAt: new Date('2026-12-04T11:59:59Z') }), 1024)).rejects.toThrow(/expired/);
    await expect(read('t1', 'a1', { filename: 'x' }, 1024)).rejects.toBeInstanceOf(InputError);
  });

  it('a Content-Length over the limit is refused before reading; a missing file is NotFoundError', async () => {
    nock('https://files.portal.example').get('/big').reply(200, Buffer.alloc(2000), { 'content-length': '2000' });
    await expect(read('t1', 'a1', link('/big'), 1024)).rejects.toBeInstanceOf(FileTooLargeError);
    nock('https://files.portal.example').get('/gone').reply(404, 'no');
    await expect(read('t1', 'a1', link('/gone'), 1024)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a redirect is not followed (it could leave the allowed hosts)', async () => {
    nock('https://files.portal.example').get('/r').reply(302, '', { location: 'https://evil.example/x' });
    await expect(read('t1', 'a1', link('/r'), 1024)).rejects.toMatchObject({ kind: 'invalid', status: 302 });
  });
});
