import { randomBytes } from 'node:crypto';
import { eventually } from '../support/service-process';
import { PHONE_CUSTOMER, ZnunyScenario } from './znuny-scenario';

jest.setTimeout(60_000);

const WAIT = 20_000;
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

/** Files both ways through the running service, between the Znuny double and the Dolibarr double. */
describe('attachments: Znuny ⇄ Dolibarr documents through the running service', () => {
  const tag = randomBytes(3).toString('hex');
  let s: ZnunyScenario;
  let znunyId: string;
  let erpId: number;
  const screenshot = randomBytes(700);
  const log = `ERROR 42 ${tag}\n`;

  beforeAll(async () => {
    s = await ZnunyScenario.start({ sync: { attachments: { maxBytes: 1024 } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  const note = (body: string, attachments: { filename: string; contentType: string; content: string }[] = []) =>
    s.znuny.control.addArticle(znunyId, {
      channel: 'Internal',
      senderType: 'agent',
      visibleForCustomer: false,
      from: 'Agent Smith <smith@helpdesk.example>',
      body,
      attachments,
    });

  async function barrier(): Promise<void> {
    const text = `barrier ${randomBytes(4).toString('hex')}`;
    note(text);
    await eventually(async () => s.messagesContaining(erpId, text).length === 1, `"${text}" in the ERP`, WAIT);
  }

  it('an article with two files gives two documents on the ERP ticket, once, and the message names them', async () => {
    const created = s.znuny.control.createTicket({
      title: `Screen flickers ${tag}`,
      customerUser: PHONE_CUSTOMER,
      queue: 'Support',
      articles: [{ channel: 'Phone', senderType: 'customer', from: PHONE_CUSTOMER, subject: 'x', body: 'The screen flickers.' }],
    });
    znunyId = created.ticketId;
    erpId = (await eventually(async () => s.erpTicket(znunyId), 'the ERP ticket', WAIT)).id;
    const articleId = String(
      note(`Screenshot and log ${tag}`, [
        { filename: 'screen.png', contentType: 'image/png', content: b64(screenshot) },
        { filename: 'logs/app.log', contentType: 'text/plain', content: b64(log) },
      ]),
    );
    await eventually(async () => Object.keys(s.documents(erpId)).length === 2, 'two documents', WAIT);
    expect(s.documents(erpId)).toEqual({ [`${articleId}_screen.png`]: screenshot, [`${articleId}_app.log`]: Buffer.from(log) });
    // The files go first, so the message can name them.
    const [message] = await eventually(
      async () => {
        const m = s.messagesContaining(erpId, `Screenshot and log ${tag}`);
        return m.length ? m : undefined;
      },
      'the message',
      WAIT,
    );
    expect(message.text).toContain(`${articleId}_screen.png, ${articleId}_app.log`);

    // Later mirrors of the ticket (new articles, the poll) upload nothing again.
    await barrier();
    await barrier();
    expect(Object.keys(s.documents(erpId))).toHaveLength(2);
    const control = (await (await fetch(`${s.dolibarr.controlUrl}/state`)).json()) as {
      calls: Array<{ method: string; path: string; status: number }>;
    };
    expect(control.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/documents/upload') && c.status === 200)).toHaveLength(2);
  });

  it('an oversized file leaves a note on the Znuny ticket naming it; the article is still mirrored', async () => {
    note(`Core dump ${tag}`, [{ filename: 'core.dump', contentType: 'application/octet-stream', content: b64(randomBytes(2000)) }]);
    await eventually(async () => s.messagesContaining(erpId, `Core dump ${tag}`).length === 1, 'the article in the ERP', WAIT);
    await eventually(
      async () => s.znunyTicket(znunyId).Article.some((a) => a.Body.includes('core.dump') && a.Body.includes('larger than the 1 KB limit')),
      'the note about core.dump',
      WAIT,
    );
    expect(Object.keys(s.documents(erpId))).toHaveLength(2);
  });

  it('a file an ERP user adds reaches Znuny as the attachment of an internal note, once', async () => {
    await s.erpUser('ticket-document', { ticketId: erpId, filename: 'signed-quote.pdf', content: b64('%PDF-1.4 signed') });
    // The documents are read when the ticket is reflected: an ERP user's message triggers it.
    await s.erpUser('ticket-message', { ticketId: erpId, message: `Quote signed ${tag}` });
    const withFile = async () =>
      s.znuny.control.ticket(znunyId) as { Article: Array<{ Body: string; Attachment?: Array<{ Filename: string; Content: string }> }> };
    await eventually(async () => (await withFile()).Article.some((a) => a.Body.includes('signed-quote.pdf')), 'the note with the file', WAIT);
    const notes = (await withFile()).Article.filter((a) => a.Body.includes('signed-quote.pdf'));
    expect(notes).toHaveLength(1);
    await barrier();
    expect(Object.keys(s.documents(erpId))).toHaveLength(3);
    const files = s.znuny.control.attachments(znunyId).filter((f) => f.Filename === 'signed-quote.pdf');
    expect(files.map((f) => Buffer.from(f.Content, 'base64').toString())).toEqual(['%PDF-1.4 signed']);
  });
});
