import { reflectErpTicket } from '../../../src/sync/reflect/reflect-ticket';
import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { deliverUpdates } from '../../../src/sync/reflect/deliver-update';
import { trackIdFor } from '../../../src/sync/shared/ticket-identity';
import { makeEngine } from '../../support/fakes/engine';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };

function engineWithCustomer() {
  const e = makeEngine({ mapping: { types: { incident: 'ISSUE' }, severities: { high: 'HIGH' } } });
  e.erp.addThirdParty({ id: 5, name: 'ACME', email: 'contact@acme.example' });
  e.erp.addContact({ id: 50, socid: 5, email: 'alice@acme.example' });
  return e;
}

/** A mirror run that stops where `method` is called, as a worker killed there would; the method works again after. */
async function runKilledAt<T extends object>(target: T, method: keyof T, e: ReturnType<typeof engineWithCustomer>): Promise<void> {
  const original = target[method];
  target[method] = (() => Promise.reject(new Error('worker killed'))) as T[keyof T];
  await expect(mirrorTicket(key, e.deps)).rejects.toThrow('worker killed');
  target[method] = original;
}

describe('mirrorTicket: the ERP ticket', () => {
  it('creates one ERP ticket with the derived ref and track_id, the mapped fields and the customer', async () => {
    const e = engineWithCustomer();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '2026111', type: 'Incident', priority: 'high', stateCategory: 'new' })));

    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');

    expect(e.erp.tickets).toHaveLength(1);
    const t = e.erp.tickets[0];
    expect(t).toMatchObject({
      ref: 'HD-2026111',
      trackId: trackIdFor(key),
      subject: 'Printer on fire',
      message: 'The printer in room 12 is on fire.',
      typeCode: 'ISSUE',
      categoryCode: 'OTHER',
      severityCode: 'HIGH',
      status: 0,
      socid: 5,
      originEmail: null,
    });
    // The origin is the helpdesk, not Dolibarr's public portal: no origin e-mail, the requester as an extrafield.
    expect(t.extrafields).toMatchObject({
      tb_helpdesk_ticket: `${key.helpdeskId} #2026111`,
      tb_requester: expect.stringContaining('alice@acme.example'),
    });
    expect(await e.links.getTicketLink(key)).toEqual({ ...key, helpdeskNumber: '2026111', erpId: t.id, erpRef: 'HD-2026111', trackId: t.trackId });
    expect(e.outbox.ofType('erp.ticket_linked')).toEqual([expect.objectContaining({ ticketId: '17', fields: { erpRef: 'HD-2026111' } })]);
    expect(e.scheduler.deliveries).toHaveLength(1);
  });

  it('changes nothing on a second run: no write to the ERP, nothing new for the helpdesk', async () => {
    const e = engineWithCustomer();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', title: 'Say "hello" <b>now</b>', type: 'incident', stateCategory: 'resolved' })));
    await mirrorTicket(key, e.deps);
    const writes = [...e.erp.writes];
    const queued = e.outbox.updates.size;

    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');

    expect(e.erp.writes).toEqual(writes);
    expect(e.outbox.updates.size).toBe(queued);
    expect(e.erp.tickets).toHaveLength(1);
  });

  it('keeps the ref readable with the source when another helpdesk already holds the number', async () => {
    const e = engineWithCustomer();
    e.erp.seedTicket({ ref: 'HD-42', trackId: trackIdFor({ helpdeskId: 'rt', ticketId: '42' }) });
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '42', number: '42' })));

    await mirrorTicket({ helpdeskId: 'znuny', ticketId: '42' }, e.deps);

    expect(e.erp.tickets.map((t) => t.ref)).toEqual(['HD-42', 'HD-znuny-42']);
    expect((await e.links.getTicketLink({ helpdeskId: 'znuny', ticketId: '42' }))?.erpRef).toBe('HD-znuny-42');
  });

  it('links again, without creating a second ERP ticket, when Redis was lost but the ERP ticket exists', async () => {
    const first = engineWithCustomer();
    first.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '2026111' })));
    await mirrorTicket(key, first.deps);

    const afterLoss = makeEngine({ erp: first.erp, mapping: { types: { incident: 'ISSUE' }, severities: { high: 'HIGH' } } });
    afterLoss.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '2026111' })));
    const writes = first.erp.writes.length;

    expect(await mirrorTicket(key, afterLoss.deps)).toBe('mirrored');

    // The create is tried (the bridge's ref is unique in Dolibarr, so it is refused as a duplicate), then the
    // ticket is found by its track_id: no second ERP ticket.
    expect(first.erp.tickets).toHaveLength(1);
    expect(first.erp.writes.slice(writes).filter((w) => w.startsWith('createTicket'))).toEqual(['createTicket:HD-2026111']);
    expect(await afterLoss.links.getTicketLink(key)).toMatchObject({
      erpId: first.erp.tickets[0].id,
      erpRef: 'HD-2026111',
      helpdeskNumber: '2026111',
    });
  });

  it('tells the helpdesk of the ERP ticket when the run that created it stopped before telling it or linking it', async () => {
    const e = engineWithCustomer();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '2026111' })));
    await runKilledAt(e.outbox, 'put', e);
    expect(await e.links.getTicketLink(key)).toBeNull();

    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');

    expect(e.erp.tickets).toHaveLength(1);
    expect(await e.links.getTicketLink(key)).toMatchObject({ erpId: e.erp.tickets[0].id });
    expect(e.outbox.ofType('erp.ticket_linked')).toEqual([expect.objectContaining({ ticketId: '17', fields: { erpRef: 'HD-2026111' } })]);
    expect(e.scheduler.deliveries).toEqual([{ key, eventId: `erp.ticket_linked:znuny:17:${e.erp.tickets[0].id}` }]);
  });

  it('reports the ERP ticket once when the run that told the helpdesk stopped before linking it', async () => {
    const e = engineWithCustomer();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '2026111' })));
    await runKilledAt(e.links, 'saveTicketLink', e);

    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');

    // Stored once; the run that reports it again queues its delivery again (the stopped run's job also keeps what it
    // reported), and the helpdesk is told once.
    expect(e.erp.tickets).toHaveLength(1);
    expect(await e.links.getTicketLink(key)).toMatchObject({ erpId: e.erp.tickets[0].id });
    expect(e.outbox.ofType('erp.ticket_linked')).toHaveLength(1);
    const eventId = `erp.ticket_linked:znuny:17:${e.erp.tickets[0].id}`;
    expect(e.scheduler.deliveries).toEqual([
      { key, eventId },
      { key, eventId },
    ]);
    expect(await deliverUpdates(key, [eventId], e.deps)).toEqual(['delivered']);
    expect(await deliverUpdates(key, [eventId], e.deps)).toEqual(['already-delivered']);
    expect(e.helpdesk.delivered.filter((u) => u.type === 'erp.ticket_linked')).toHaveLength(1);
  });

  it('does not recreate an ERP ticket a user deleted in Dolibarr', async () => {
    const e = engineWithCustomer();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17' })));
    await mirrorTicket(key, e.deps);
    const erpId = e.erp.tickets[0].id;
    await e.erp.deleteTicket(erpId);
    // Dolibarr's TICKET_DELETE webhook (or the ERP poll) has the ticket reflected, which finds it gone.
    await reflectErpTicket(erpId, e.deps);
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', title: 'Printer still on fire' })));
    const writes = e.erp.writes.length;

    expect(await mirrorTicket(key, e.deps)).toBe('erp-ticket-deleted');

    expect(e.erp.tickets).toHaveLength(0);
    expect(e.erp.writes.slice(writes)).toEqual([]);
  });

  it('stops mirroring when a write finds the ERP ticket deleted although the bridge was not told', async () => {
    const e = engineWithCustomer();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17' })));
    await mirrorTicket(key, e.deps);
    const erpId = e.erp.tickets[0].id;
    await e.erp.deleteTicket(erpId);
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', title: 'Printer still on fire' })));

    expect(await mirrorTicket(key, e.deps)).toBe('erp-ticket-deleted');
    expect(await e.erpTickets.get(key, erpId)).toBeNull();
    const writes = e.erp.writes.length;
    expect(await mirrorTicket(key, e.deps)).toBe('erp-ticket-deleted');
    expect(e.erp.writes.slice(writes)).toEqual([]);
  });

  it('creates the ERP ticket of a ticket with neither title nor body (Dolibarr requires subject and message)', async () => {
    const e = engineWithCustomer();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '555', title: '', body: '  ' })));

    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');

    expect(e.erp.tickets).toHaveLength(1);
    expect(e.erp.tickets[0].subject).toContain('555');
    expect(e.erp.tickets[0].message).not.toBe('');
  });

  it('reports an unknown ticket and writes nothing when a push-only helpdesk sent no state yet', async () => {
    const e = makeEngine({ caps: ['deliver'] });
    expect(await mirrorTicket(key, e.deps)).toBe('unknown-ticket');
    expect(e.erp.writes).toEqual([]);
  });

  it('mirrors the last pushed snapshot of a push-only helpdesk', async () => {
    const e = makeEngine({ caps: ['deliver'] });
    await e.snapshots.apply('znuny', { type: 'ticket.upserted', snapshot: snapshot(helpdeskTicket({ id: '17', number: '77' })) });
    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');
    expect(e.erp.tickets.map((t) => t.ref)).toEqual(['HD-77']);
  });

  it("forgets the bodies of a push-only ticket's long conversation once they are ERP messages, and posts nothing again", async () => {
    const e = makeEngine({ caps: ['deliver'] });
    const long = (n: number) => article(`a${n}`, `Message ${n}: ${'the printer still jams. '.repeat(30)}`);
    const push = (articles: ReturnType<typeof article>[]) =>
      e.snapshots.apply('znuny', { type: 'ticket.upserted', snapshot: snapshot(helpdeskTicket({ id: '17' }), articles) });
    await push([long(1), long(2)]);
    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');
    const texts = e.erp.messages.map((m) => m.note);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('Message 2: the printer still jams.');
    const stored = (await e.snapshots.get(key))!.snapshot!;
    expect(stored.articles.map((a) => [a.id, a.body, a.author])).toEqual([
      ['a1', '', 'Alice'],
      ['a2', '', 'Alice'],
    ]);
    expect(stored.ticket.body).toBe('The printer in room 12 is on fire.');

    await e.snapshots.apply('znuny', { type: 'article.added', ticketId: '17', article: long(3) });
    expect(await mirrorTicket(key, e.deps)).toBe('mirrored');
    expect(e.erp.messages.map((m) => m.note)).toEqual([...texts, expect.stringContaining('Message 3: the printer still jams.')]);
  });

  it('keeps the bodies of a short conversation, and never touches a snapshot of a helpdesk it can read', async () => {
    const e = makeEngine({ caps: ['deliver'] });
    await e.snapshots.apply('znuny', { type: 'ticket.upserted', snapshot: snapshot(helpdeskTicket({ id: '17' }), [article('a1', 'Still jammed.')]) });
    await mirrorTicket(key, e.deps);
    expect((await e.snapshots.get(key))!.snapshot!.articles.map((a) => a.body)).toEqual(['Still jammed.']);

    const fetched = engineWithCustomer();
    const body = 'x'.repeat(2000);
    fetched.helpdesk.put(snapshot(helpdeskTicket({ id: '17' }), [article('a1', body)]));
    await fetched.snapshots.apply('znuny', { type: 'ticket.upserted', snapshot: snapshot(helpdeskTicket({ id: '17' }), [article('a1', body)]) });
    await mirrorTicket(key, fetched.deps);
    expect(fetched.erp.messages).toHaveLength(1);
    expect((await fetched.snapshots.get(key))!.snapshot!.articles.map((a) => a.body)).toEqual([body]);
  });
});

describe('mirrorTicket: the ERP status', () => {
  async function mirrored(stateCategory: 'new' | 'open' | 'pending' | 'resolved') {
    const e = engineWithCustomer();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', stateCategory })));
    await mirrorTicket(key, e.deps);
    return e;
  }

  it('writes the mapped status when the helpdesk state changes category', async () => {
    const e = await mirrored('open');
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', stateCategory: 'pending' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0].status).toBe(7);
    expect(e.erp.ticketWrites().filter((w) => w.startsWith('updateTicket'))).toEqual([`updateTicket:${e.erp.tickets[0].id}:status`]);
  });

  it("leaves an ERP status alone that maps to the helpdesk's category (read vs in progress are both open)", async () => {
    const e = await mirrored('open');
    e.erp.userSetsStatus(e.erp.tickets[0].id, 1);
    const writes = e.erp.writes.length;
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0].status).toBe(1);
    expect(e.erp.writes.slice(writes)).toEqual([]);
  });

  it('does not rewrite "closed" for a resolved ticket although Dolibarr 8 reads back as closed', async () => {
    const e = await mirrored('resolved');
    expect(e.erp.tickets[0].status).toBe(8);
    const writes = e.erp.writes.length;
    await mirrorTicket(key, e.deps);
    expect(e.erp.writes.slice(writes)).toEqual([]);
  });

  it('remembers the status it wrote, so its echo is not reported back to the helpdesk', async () => {
    const e = await mirrored('open');
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', stateCategory: 'pending' })));
    await mirrorTicket(key, e.deps);
    expect(await e.erpStatus.get(e.erp.tickets[0].id)).toBe(7);
  });
});
