import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { deliverUpdates } from '../../../src/sync/reflect/deliver-update';
import { reflectErpTicket } from '../../../src/sync/reflect/reflect-ticket';
import { makeEngine } from '../../support/fakes/engine';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };
const ticket = helpdeskTicket({ id: '17' });

async function mirrored(sync?: Record<string, unknown>) {
  const e = makeEngine({ caps: ['fetch', 'deliver', 'files'], sync });
  e.helpdesk.put(
    snapshot(ticket, [article('a2', 'log attached', { attachments: [{ id: '11', filename: 'error.log', contentType: 'text/plain' }] })]),
  );
  e.helpdesk.files.set('a2/11', Buffer.from('ERROR 42\n'));
  await mirrorTicket(key, e.deps);
  return { e, erpId: e.erp.tickets[0].id };
}

const documentUpdates = (e: ReturnType<typeof makeEngine>) => [...e.outbox.updates.values()].filter((u) => u.type === 'erp.document_added');

describe('ERP documents → helpdesk', () => {
  it('a file an ERP user adds reaches the helpdesk once, attached to an internal note', async () => {
    const { e, erpId } = await mirrored();
    e.erp.userAddsDocument(erpId, 'quote-scan.pdf', Buffer.from('%PDF-1.4 scan'));
    await reflectErpTicket(erpId, e.deps);
    await reflectErpTicket(erpId, e.deps);
    const updates = documentUpdates(e);
    expect(updates).toHaveLength(1);
    expect(updates[0].note).toContain('quote-scan.pdf');

    expect(await deliverUpdates(key, [updates[0].eventId], e.deps)).toEqual(['delivered']);
    const sent = e.helpdesk.delivered.find((u) => u.type === 'erp.document_added')!;
    expect(sent.files).toHaveLength(1);
    expect(Buffer.from(sent.files![0].content!).toString()).toBe('%PDF-1.4 scan');
    expect(e.outbox.updates.get(`znuny|${updates[0].eventId}`)?.files?.[0].content).toBeUndefined();
  });

  it("the bridge's own uploads are not echoed back", async () => {
    const { e, erpId } = await mirrored();
    expect(e.erp.documents.get(erpId)?.has('a2_error.log')).toBe(true);
    await reflectErpTicket(erpId, e.deps);
    expect(documentUpdates(e)).toEqual([]);
  });

  it('the note the bridge wrote with the file is not uploaded back to the ERP', async () => {
    const { e, erpId } = await mirrored();
    e.erp.userAddsDocument(erpId, 'scan.pdf', Buffer.from('scan'));
    await reflectErpTicket(erpId, e.deps);
    const [update] = documentUpdates(e);
    await deliverUpdates(key, [update.eventId], e.deps);
    const noteId = e.helpdesk.delivered.length;
    e.helpdesk.put(
      snapshot(ticket, [
        article('a2', 'log attached', { attachments: [{ id: '11', filename: 'error.log', contentType: 'text/plain' }] }),
        article(`note-${noteId}`, update.note!, { internal: true, attachments: [{ id: '90', filename: 'scan.pdf' }] }),
      ]),
    );
    await mirrorTicket(key, e.deps);
    expect([...e.erp.documents.get(erpId)!.keys()]).toEqual(['a2_error.log', 'scan.pdf']);
    expect(e.helpdesk.fileReads).toEqual(['a2/11']);
  });

  it('a file over the limit is named in the note, not attached', async () => {
    const { e, erpId } = await mirrored({ attachments: { maxBytes: 100 } });
    e.erp.userAddsDocument(erpId, 'video.mp4', Buffer.alloc(101));
    await reflectErpTicket(erpId, e.deps);
    const [update] = documentUpdates(e);
    expect(update.files).toBeUndefined();
    expect(update.note).toContain('larger than the 100 bytes limit');
  });

  it('a helpdesk that takes files as links gets a signed link instead of the bytes, and the ERP is not read', async () => {
    const { e, erpId } = await mirrored();
    const adapter = e.deps.adapters.get('znuny')!;
    Object.assign(adapter, { fileLinks: true });
    e.deps.fileLinks = {
      linkFor: (erpRef, document) => ({
        url: `https://bridge.example.com/files/erp/${erpRef}/${document}`,
        expiresAt: new Date('2026-12-08T00:00:00Z'),
      }),
    };
    e.erp.userAddsDocument(erpId, 'quote-scan.pdf', Buffer.from('%PDF-1.4 scan'));
    await reflectErpTicket(erpId, e.deps);
    const [update] = documentUpdates(e);
    const download = jest.spyOn(e.erp, 'downloadTicketDocument');
    await deliverUpdates(key, [update.eventId], e.deps);
    const sent = e.helpdesk.delivered.find((u) => u.type === 'erp.document_added')!;
    expect(sent.files).toEqual([
      expect.objectContaining({
        filename: 'quote-scan.pdf',
        url: `https://bridge.example.com/files/erp/${e.erp.tickets[0].ref}/quote-scan.pdf`,
        urlExpiresAt: new Date('2026-12-08T00:00:00Z'),
      }),
    ]);
    expect(sent.files![0].content).toBeUndefined();
    expect(download).not.toHaveBeenCalled();
  });

  it('without a public URL the files are named with no link', async () => {
    const { e, erpId } = await mirrored();
    Object.assign(e.deps.adapters.get('znuny')!, { fileLinks: true });
    e.erp.userAddsDocument(erpId, 'quote-scan.pdf', Buffer.from('%PDF-1.4 scan'));
    await reflectErpTicket(erpId, e.deps);
    await deliverUpdates(key, [documentUpdates(e)[0].eventId], e.deps);
    const sent = e.helpdesk.delivered.find((u) => u.type === 'erp.document_added')!;
    expect(sent.files).toEqual([{ filename: 'quote-scan.pdf', size: 13, erpRef: e.erp.tickets[0].ref, erpDocument: 'quote-scan.pdf' }]);
  });
});
