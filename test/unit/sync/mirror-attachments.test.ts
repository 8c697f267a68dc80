import { ServerError, InvalidRequestError } from '../../../src/plugin-sdk';
import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { documentName, safeName, typeAllowed } from '../../../src/sync/rules/document-name';
import { makeEngine } from '../../support/fakes/engine';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };
const ticket = helpdeskTicket({ id: '17' });
const png = Buffer.from('89504e470d0a1a0a', 'hex');
const log = Buffer.from('ERROR 42 at line 7\n');

function withTwoFiles(opts: { sync?: Record<string, unknown> } = {}) {
  const e = makeEngine({ caps: ['fetch', 'deliver', 'files'], sync: opts.sync });
  e.helpdesk.put(
    snapshot(ticket, [
      article('a2', 'See the screenshot and the log', {
        attachments: [
          { id: '11', filename: 'screen.png', contentType: 'image/png', size: png.length },
          { id: '12', filename: 'error.log', contentType: 'text/plain', size: log.length },
        ],
      }),
    ]),
  );
  e.helpdesk.files.set('a2/11', png);
  e.helpdesk.files.set('a2/12', log);
  return e;
}

const docsOf = (e: ReturnType<typeof makeEngine>) =>
  [...(e.erp.documents.get(e.erp.tickets[0].id) ?? new Map<string, { content: Buffer }>()).entries()].map(([n, d]) => [n, d.content.toString('hex')]);

describe('mirrorTicket: helpdesk attachments → ERP ticket documents', () => {
  it('uploads each file under "<article>_<name>" and the ERP message names them', async () => {
    const e = withTwoFiles();
    await mirrorTicket(key, e.deps);
    expect(docsOf(e)).toEqual([
      ['a2_screen.png', png.toString('hex')],
      ['a2_error.log', log.toString('hex')],
    ]);
    expect(e.erp.messages[0].note).toContain("Files in the ticket's documents: a2_screen.png, a2_error.log");
    const link = await e.links.getAttachmentLink(key, 'a2', '11');
    expect(link).toEqual({ documentName: 'a2_screen.png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await e.links.isErpDocumentKnown(e.erp.tickets[0].id, 'a2_error.log')).toBe(true);
  });

  it('uploads once: a replay reads and uploads nothing more', async () => {
    const e = withTwoFiles();
    await mirrorTicket(key, e.deps);
    await mirrorTicket(key, e.deps);
    expect(e.erp.writes.filter((w) => w.startsWith('uploadTicketDocument'))).toHaveLength(2);
    expect(e.helpdesk.fileReads).toEqual(['a2/11', 'a2/12']);
  });

  it('a run that died after an upload but before its link overwrites its own document, never adds a second', async () => {
    const e = withTwoFiles();
    const save = e.links.saveAttachmentLink.bind(e.links);
    e.links.saveAttachmentLink = async () => {
      throw new Error('redis went away');
    };
    await expect(mirrorTicket(key, e.deps)).rejects.toThrow('redis went away');
    e.links.saveAttachmentLink = save;
    await mirrorTicket(key, e.deps);
    expect(docsOf(e).map(([n]) => n)).toEqual(['a2_screen.png', 'a2_error.log']);
  });

  it('an oversized file is not read, a note names it and why, and the ticket and the other file still go', async () => {
    const e = withTwoFiles({ sync: { attachments: { maxBytes: 10 } } });
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets).toHaveLength(1);
    expect(docsOf(e).map(([n]) => n)).toEqual(['a2_screen.png']);
    expect(e.helpdesk.fileReads).toEqual(['a2/11']);
    const notes = [...e.outbox.updates.values()].filter((u) => u.type === 'attachment.rejected');
    expect(notes).toHaveLength(1);
    expect(notes[0].note).toBe(
      `The file error.log was not added to the documents of Dolibarr ticket ${e.erp.tickets[0].ref}: it is larger than the 10 bytes limit.`,
    );
    expect(e.erp.messages[0].note).toContain('Files not carried: error.log (it is larger than the 10 bytes limit)');
    await mirrorTicket(key, e.deps);
    expect([...e.outbox.updates.values()].filter((u) => u.type === 'attachment.rejected')).toHaveLength(1);
  });

  it('a file whose size the helpdesk did not tell is stopped while read, past the limit', async () => {
    const e = makeEngine({ caps: ['fetch', 'deliver', 'files'], sync: { attachments: { maxBytes: 5 } } });
    e.helpdesk.put(snapshot(ticket, [article('a2', 'big', { attachments: [{ id: '11', filename: 'dump.bin' }] })]));
    e.helpdesk.files.set('a2/11', Buffer.alloc(6));
    await mirrorTicket(key, e.deps);
    expect(await e.links.getAttachmentLink(key, 'a2', '11')).toEqual({ rejected: 'it is larger than the 5 bytes limit' });
  });

  it('a type outside the allowed list, a Dolibarr refusal and an unreadable file are reported, not failed', async () => {
    const e = makeEngine({ caps: ['fetch', 'deliver', 'files'], sync: { attachments: { allowedTypes: ['image/*', 'text/plain'] } } });
    e.helpdesk.put(
      snapshot(ticket, [
        article('a2', 'three files', {
          attachments: [
            { id: '1', filename: 'setup.exe', contentType: 'application/x-msdownload' },
            { id: '2', filename: 'refused.png', contentType: 'image/png' },
            { id: '3', filename: 'gone.txt', contentType: 'text/plain' },
          ],
        }),
      ]),
    );
    e.helpdesk.files.set('a2/2', png);
    e.erp.uploadFailures.push(
      new InvalidRequestError('Bad Request: nope', {
        system: 'dolibarr',
        method: 'POST',
        path: '/documents/upload',
        status: 400,
        remoteMessage: 'Bad Request: nope',
      }),
    );
    await mirrorTicket(key, e.deps);
    const reasons = [...e.outbox.updates.values()].filter((u) => u.type === 'attachment.rejected').map((u) => [u.data.filename, u.data.reason]);
    expect(reasons).toEqual([
      ['setup.exe', 'its type application/x-msdownload is not allowed'],
      ['refused.png', 'Dolibarr refused it (Bad Request: nope)'],
      ['gone.txt', 'it could not be read from the helpdesk (no file a2/3)'],
    ]);
    expect(e.erp.messages).toHaveLength(1);
  });

  it('a transient Dolibarr failure fails the run (the job retries) and the retry carries the file', async () => {
    const e = withTwoFiles();
    e.erp.uploadFailures.push(
      new ServerError('Service Unavailable', { system: 'dolibarr', method: 'POST', path: '/documents/upload', status: 503, transient: true }),
    );
    await expect(mirrorTicket(key, e.deps)).rejects.toBeInstanceOf(ServerError);
    await mirrorTicket(key, e.deps);
    expect(docsOf(e).map(([n]) => n)).toEqual(['a2_screen.png', 'a2_error.log']);
    expect([...e.outbox.updates.values()].filter((u) => u.type === 'attachment.rejected')).toEqual([]);
  });

  it('a helpdesk that cannot read files keeps only the metadata, as before', async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(ticket, [article('a2', 'x', { attachments: [{ id: '1', filename: 'a.txt' }] })]));
    await mirrorTicket(key, e.deps);
    expect(e.erp.documents.size).toBe(0);
  });
});

describe('document names', () => {
  it('are "<article>_<name>", made safe', () => {
    expect(documentName('118', 'screen.png')).toBe('118_screen.png');
    expect(documentName('118', '../../etc/passwd')).toBe('118_passwd');
    expect(documentName('118', 'C:\\Users\\a\\report.pdf')).toBe('118_report.pdf');
    expect(documentName('118', 'dir/..')).toBe('118_dir');
    expect(documentName('118', 'rap\u0000port\n été?.txt')).toBe('118_rapport ete_.txt');
    expect(documentName('118', '.htaccess')).toBe('118_htaccess');
    expect(documentName('118', 'screen.png', 1)).toBe('118-2_screen.png');
    expect(documentName('118', `${'x'.repeat(300)}.pdf`)).toMatch(/^118_x+\.pdf$/);
    expect(documentName('118', `${'x'.repeat(300)}.pdf`)).toHaveLength(200);
  });

  it('reserved device names and empty names get a safe form', () => {
    expect(safeName('CON')).toBe('_CON');
    expect(safeName('nul.txt')).toBe('_nul.txt');
    expect(documentName('5', '...')).toBe('5_file');
  });

  it('types: exact, wildcard, parameters ignored, empty list allows all', () => {
    expect(typeAllowed('image/png', ['image/*'])).toBe(true);
    expect(typeAllowed('text/plain; charset=utf-8', ['text/plain'])).toBe(true);
    expect(typeAllowed('application/pdf', ['image/*'])).toBe(false);
    expect(typeAllowed(undefined, [])).toBe(true);
  });
});
