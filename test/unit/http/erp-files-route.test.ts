import request from 'supertest';
import { createApp } from '../../../src/http/app';
import { createErpFileLinks } from '../../../src/http/erp-file-links';
import type { EventIntake } from '../../../src/http/ports';
import { FileTooLargeError } from '../../../src/plugin-sdk';

const intake: EventIntake = {
  acceptHelpdeskEvents: async () => ({ queued: 0, duplicates: 0 }),
  acceptErpChange: async () => undefined,
  acceptAccountsChange: async () => undefined,
};

let now = new Date('2026-12-05T10:00:00Z');
const links = createErpFileLinks({
  publicUrl: 'http://bridge.test',
  secret: 'a-file-link-secret-of-32-characters!!',
  ttlMs: 3600_000,
  now: () => now,
});
const documents: Record<string, Buffer> = { 'HD-1/quote.pdf': Buffer.from('%PDF-1.4 quote'), 'HD-1/rapport été.txt': Buffer.from('ok') };
const downloads: string[] = [];

const app = createApp({
  adapters: new Map(),
  intake,
  readiness: async () => ({ ready: true, checks: {} }),
  ownCaller: 'ticketbridge',
  erpFiles: {
    links,
    async download(erpRef, document) {
      downloads.push(`${erpRef}/${document}`);
      if (document === 'huge.iso') throw new FileTooLargeError(document, 1024);
      const content = documents[`${erpRef}/${document}`];
      return content ? { content, contentType: 'application/pdf' } : null;
    },
  },
});

const pathOf = (erpRef: string, document: string) => new URL(links.linkFor(erpRef, document).url).pathname;

describe('GET /files/erp/:token', () => {
  beforeEach(() => {
    now = new Date('2026-12-05T10:00:00Z');
    downloads.length = 0;
  });

  it('serves the linked ERP document as an attachment', async () => {
    const res = await request(app).get(pathOf('HD-1', 'rapport été.txt'));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe("attachment; filename*=UTF-8''rapport%20%C3%A9t%C3%A9.txt");
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(res.body as Buffer)).toEqual(Buffer.from('ok'));
  });

  it('refuses a forged link (403) and an expired one (410) without reading the ERP', async () => {
    const path = pathOf('HD-1', 'quote.pdf');
    expect((await request(app).get(`${path}x`)).status).toBe(403);
    now = new Date('2026-12-05T11:00:01Z');
    const expired = await request(app).get(path);
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({ error: 'link expired' });
    expect(downloads).toEqual([]);
  });

  it('answers 404 when the document left the ERP and 413 when it outgrew the limit', async () => {
    expect((await request(app).get(pathOf('HD-1', 'deleted.pdf'))).status).toBe(404);
    expect((await request(app).get(pathOf('HD-1', 'huge.iso'))).status).toBe(413);
  });
});
