import { FileTooLargeError, NotFoundError } from '../../../src/plugin-sdk';
import { intercept, loadRecording, makeClient, setupNock } from './recording';

setupNock();

/** The upload body the client streamed, parsed back. */
type Sent = { filename: string; modulepart: string; ref: string; filecontent: string; fileencoding: string; overwriteifexists: number };
const sentAs = (expected: Partial<Sent>, content?: Buffer) => (b: unknown) => {
  const sent = b as Sent;
  if (content && Buffer.from(sent.filecontent, 'base64').compare(content) !== 0) return false;
  return Object.entries(expected).every(([k, v]) => sent[k as keyof Sent] === v);
};

describe('ticket documents (recorded from Dolibarr 23)', () => {
  it('streams the first upload of a ticket as base64 JSON; Dolibarr creates the directory and answers the name', async () => {
    const content = Buffer.from('ERROR 42 at line 7\nstack...\n');
    intercept('document_upload_ticket_first_creates_dir', {
      body: sentAs({ filename: 'A100_error-log.txt', modulepart: 'ticket', ref: '3', fileencoding: 'base64', overwriteifexists: 0 }, content),
    });
    const { client } = makeClient();
    expect(await client.uploadTicketDocument(3, { filename: 'A100_error-log.txt', content })).toBe('A100_error-log.txt');
  });

  it('encodes contents of every length across chunk boundaries exactly', async () => {
    for (const size of [0, 1, 2, 49151, 49152, 49153, 200_000]) {
      const content = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) % 251));
      intercept('document_upload_ticket_first_creates_dir', { body: sentAs({ filename: 'A100_error-log.txt' }, content) });
      const { client } = makeClient();
      await expect(client.uploadTicketDocument(3, { filename: 'A100_error-log.txt', content })).resolves.toBe('A100_error-log.txt');
    }
  });

  it('a name already there is a 400 "already exists", not retried', async () => {
    intercept('document_upload_ticket_dup_exists', { body: () => true });
    const { client, sleeps } = makeClient();
    await expect(client.uploadTicketDocument(3, { filename: 'A100_error-log.txt', content: Buffer.from('another content\n') })).rejects.toMatchObject(
      {
        kind: 'invalid',
        remoteMessage: "Bad Request: File with name 'A100_error-log.txt' already exists.",
      },
    );
    expect(sleeps).toEqual([]);
  });

  it('overwrite sends overwriteifexists=1', async () => {
    intercept('document_upload_ticket_overwrite_existing', { body: sentAs({ overwriteifexists: 1 }) });
    const { client } = makeClient();
    expect(await client.uploadTicketDocument(3, { filename: 'A100_error-log.txt', content: Buffer.from('x'), overwrite: true })).toBe(
      'A100_error-log.txt',
    );
  });

  it('returns the name Dolibarr stored when it sanitised the one sent', async () => {
    intercept('document_upload_ticket_name_with_slash', { body: sentAs({ filename: '../etc/passwd.txt' }) });
    intercept('document_upload_ticket_name_unicode_spaces', { body: sentAs({ filename: 'Rapport été: final?.pdf' }) });
    const { client } = makeClient();
    expect(await client.uploadTicketDocument(3, { filename: '../etc/passwd.txt', content: Buffer.from('p') })).toBe('_etc_passwd.txt');
    expect(await client.uploadTicketDocument(3, { filename: 'Rapport été: final?.pdf', content: Buffer.from('p') })).toBe('Rapport ete_ final_.pdf');
  });

  it('a dot-file is refused with a 500 naming it; an unknown ticket is NotFoundError', async () => {
    intercept('document_upload_ticket_name_leading_dot', { body: () => true });
    intercept('document_upload_ticket_unknown_id', { body: () => true });
    const { client } = makeClient();
    await expect(client.uploadTicketDocument(3, { filename: '.htaccess', content: Buffer.from('d') })).rejects.toMatchObject({
      kind: 'server',
      status: 500,
    });
    await expect(client.uploadTicketDocument(999999, { filename: 'A1_x.txt', content: Buffer.from('x') })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('Dolibarr itself took 19 and 40 MiB (no API size limit): the bridge must enforce its own', () => {
    expect(loadRecording('document_upload_ticket_19mib').response.body).toBe('A105_19mib.bin');
    expect(loadRecording('document_upload_ticket_40mib').response.body).toBe('A106_40mib.bin');
  });

  it('lists by ref and by id; a ticket without a directory yet lists nothing', async () => {
    intercept('documents_list_ticket_by_ref_files');
    intercept('documents_list_ticket_new_no_dir');
    const { client } = makeClient();
    const docs = await client.listTicketDocuments({ ref: 'TS2612-0001' });
    expect(docs.map((d) => d.name).sort()).toEqual([
      'A100_error-log.txt',
      'A101_script.php.noexe',
      'A102_bad.bin',
      'A105_19mib.bin',
      'A106_40mib.bin',
      'Rapport ete_ final_.pdf',
      '_etc_passwd.txt',
    ]);
    expect(docs.find((d) => d.name === 'A106_40mib.bin')?.size).toBe(41943040);
    expect(await client.listTicketDocuments(3)).toEqual([]);
  });

  it('downloads a file as bytes with its type; a missing file is null', async () => {
    intercept('document_download_ticket_file');
    intercept('document_download_ticket_missing');
    const { client } = makeClient();
    expect(await client.downloadTicketDocument('TS2612-0001', 'A100_error-log.txt', 1024)).toEqual({
      filename: 'A100_error-log.txt',
      contentType: 'text/plain',
      size: 33,
      content: Buffer.from('ERROR 42 at line 7 (overwritten)\n'),
    });
    expect(await client.downloadTicketDocument('TS2612-0001', 'nope.txt', 1024)).toBeNull();
  });

  it('refuses, unread and without retrying, an answer bigger than the limit allows', async () => {
    intercept('document_download_ticket_file');
    const { client, sleeps } = makeClient();
    await expect(client.downloadTicketDocument('TS2612-0001', 'A100_error-log.txt', 10)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(sleeps).toEqual([]);
  });
});
