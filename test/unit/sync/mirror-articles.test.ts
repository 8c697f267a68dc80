import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { reflectErpTicket } from '../../../src/sync/reflect/reflect-ticket';
import { helpdeskNoteEchoKey } from '../../../src/sync/shared/echo-keys';
import { makeEngine } from '../../support/fakes/engine';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };
const ticket = helpdeskTicket({ id: '17' });

describe('mirrorTicket: helpdesk articles → ERP messages', () => {
  it('posts each article once, public or private as it was, and a re-run posts nothing', async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(ticket, [article('a2', 'Have you tried turning it off?'), article('a3', 'Customer sounds upset', { internal: true })]));

    await mirrorTicket(key, e.deps);
    await mirrorTicket(key, e.deps);

    expect(e.erp.messages.map((m) => ({ code: m.code, text: m.note }))).toEqual([
      { code: 'TICKET_MSG', text: expect.stringContaining('Have you tried turning it off?') },
      { code: 'TICKET_MSG_PRIVATE', text: expect.stringContaining('Customer sounds upset') },
    ]);
    expect(e.erp.writes.filter((w) => w.startsWith('postTicketMessage'))).toHaveLength(2);
  });

  it('posts a new article added later, and only that one', async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(ticket, [article('a2', 'first reply')]));
    await mirrorTicket(key, e.deps);
    e.helpdesk.put(snapshot(ticket, [article('a2', 'first reply'), article('a3', 'second reply')]));
    await mirrorTicket(key, e.deps);
    expect(e.erp.messages.map((m) => m.note)).toEqual([expect.stringContaining('first reply'), expect.stringContaining('second reply')]);
  });

  it('does not repeat the opening article, which is already the ERP ticket message', async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(ticket, [article('a1', `<p>${ticket.body}</p>\n`), article('a2', 'a reply')]));
    await mirrorTicket(key, e.deps);
    expect(e.erp.messages.map((m) => m.note)).toEqual([expect.stringContaining('a reply')]);
  });

  it('posts a later article even when its text equals the body', async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(ticket, [article('a1', 'opening words'), article('a2', ticket.body)]));
    await mirrorTicket(key, e.deps);
    expect(e.erp.messages).toHaveLength(2);
  });

  it('does not post back a note the bridge wrote to the helpdesk (echo marker)', async () => {
    const e = makeEngine();
    const note = 'Message written in the ERP on ticket HD-1:\n\nSpare part ordered';
    await e.echo.mark(helpdeskNoteEchoKey('znuny', '17', note));
    e.helpdesk.put(snapshot(ticket, [article('a2', `<div>${note.replace(/\n/g, '<br/>')}</div>`, { internal: true })]));

    await mirrorTicket(key, e.deps);
    await mirrorTicket(key, e.deps);

    expect(e.erp.messages).toEqual([]);
  });

  it('asks once which new articles are notes the bridge wrote, and consumes only the marker of the one that is', async () => {
    const e = makeEngine();
    const note = 'Message written in the ERP on ticket HD-1:\n\nSpare part ordered';
    await e.echo.mark(helpdeskNoteEchoKey('znuny', '17', note));
    const asked: string[][] = [];
    const consumed: string[] = [];
    const marked = e.echo.marked.bind(e.echo);
    const consume = e.echo.consume.bind(e.echo);
    e.echo.marked = async (keys) => (asked.push([...keys]), marked(keys));
    e.echo.consume = async (k) => (consumed.push(k), consume(k));
    e.helpdesk.put(snapshot(ticket, [article('a2', 'first reply'), article('a3', note, { internal: true }), article('a4', 'second reply')]));

    await mirrorTicket(key, e.deps);

    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(3);
    // The posted messages' own markers (erp-msg:…) are consumed once linked, as always.
    expect(consumed.filter((k) => k.startsWith('hd-note:'))).toEqual([helpdeskNoteEchoKey('znuny', '17', note)]);
    expect(e.erp.messages.map((m) => m.note)).toEqual([expect.stringContaining('first reply'), expect.stringContaining('second reply')]);
    // Once linked, no posting attempt is left open and no marker of a posted message is left behind.
    expect([...e.once.claims].filter((c) => c.startsWith('erp-message-posting:'))).toEqual([]);
    expect([...e.echo.marks.keys()]).toEqual([]);
  });

  it("does not report the bridge's own ERP message back to the helpdesk", async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(ticket, [article('a2', 'a reply')]));
    await mirrorTicket(key, e.deps);
    await reflectErpTicket(e.erp.tickets[0].id, e.deps);
    expect(e.outbox.ofType('erp.message_added')).toEqual([]);
  });

  it('does not post twice when a run died after the POST but before the link was saved', async () => {
    const e = makeEngine();
    e.helpdesk.put(snapshot(ticket, [article('a2', 'a reply')]));
    const save = e.links.saveArticleLink.bind(e.links);
    e.links.saveArticleLink = async () => {
      throw new Error('Redis connection lost');
    };
    await expect(mirrorTicket(key, e.deps)).rejects.toThrow('Redis connection lost');
    e.links.saveArticleLink = save;

    await mirrorTicket(key, e.deps);

    expect(e.erp.messages).toHaveLength(1);
    expect((await e.links.getArticleLinks(key)).get('a2') ?? null).toBe(e.erp.messages[0].id);
  });
});
