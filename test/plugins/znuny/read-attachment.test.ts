import nock from 'nock';
import { FileTooLargeError, NotFoundError, readBounded } from '../../../src/plugin-sdk';
import { readAttachment } from '../../../plugins/znuny/read-attachment';
import { BASE, deps, settings } from './helpers';
import { loadRecording } from './recorded';
import { guardNetwork } from '../../support/nock-guard';

guardNetwork();

const API = new URL(BASE);
const recorded = () => loadRecording<{ response: { body: Record<string, unknown> } }>('03_ticketget_attachments_base64').response.body;

function serveTicket(times = 1) {
  nock(API.origin).post(`${API.pathname}/Session`).reply(200, { SessionID: 'S1' });
  nock(API.origin)
    .get(`${API.pathname}/Ticket/7`)
    .query((q) => q.Attachments === '1' && q.GetAttachmentContents === '1' && q.AllArticles === '1')
    .times(times)
    .reply(200, recorded());
}

describe('Znuny readAttachment (recorded TicketGet with base64 contents)', () => {
  it('reads a file of an article by its FileID, UTF-8 name kept', async () => {
    serveTicket();
    const file = await readAttachment(deps(settings()), '7', '7', { id: '3', filename: 'note é.txt', size: 27 }, 1024);
    expect(file.filename).toBe('note é.txt');
    expect(file.contentType).toMatch(/^text\/plain/);
    expect((await readBounded(file.stream, 1024, file.filename)).toString()).toBe('hello attachment\nline 2 é\n');
  });

  it('refuses a file the ticket says is over the limit without asking Znuny', async () => {
    await expect(readAttachment(deps(settings()), '7', '7', { id: '2', filename: 'invoice.pdf', size: 29 }, 10)).rejects.toBeInstanceOf(
      FileTooLargeError,
    );
  });

  it('a file that is not (or no longer) on the article is NotFoundError', async () => {
    serveTicket();
    await expect(readAttachment(deps(settings()), '7', '7', { id: '99', filename: 'gone.txt' }, 1024)).rejects.toBeInstanceOf(NotFoundError);
  });
});
