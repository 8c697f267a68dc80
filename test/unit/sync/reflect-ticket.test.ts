import { InvalidRequestError } from '../../../src/plugin-sdk';
import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { reflectErpTicket, reflectMessagesOfErpTicket } from '../../../src/sync/reflect/reflect-ticket';
import { deliverUpdates } from '../../../src/sync/reflect/deliver-update';
import { erpMessageEchoKey } from '../../../src/sync/shared/echo-keys';
import { trackIdFor } from '../../../src/sync/shared/ticket-identity';
import { makeEngine } from '../../support/fakes/engine';
import { article, FakeHelpdesk, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };

async function mirrored(caps?: Parameters<typeof makeEngine>[0]) {
  const e = makeEngine(caps);
  e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017', stateCategory: 'open' })));
  await mirrorTicket(key, e.deps);
  return { e, erpId: e.erp.tickets[0].id };
}

describe('reflectErpTicket: ERP status → helpdesk', () => {
  it('queues one update with the mapped state when an ERP user changes the status, even if reflected twice', async () => {
    const { e, erpId } = await mirrored();
    e.erp.userSetsStatus(erpId, 7);

    await reflectErpTicket(erpId, e.deps);
    await reflectErpTicket(erpId, e.deps);

    const updates = e.outbox.ofType('erp.status_changed');
    expect(updates).toEqual([
      expect.objectContaining({ ticketId: '17', state: 'pending', data: expect.objectContaining({ erpStatus: 7, erpRef: 'HD-1017' }) }),
    ]);
    expect(updates[0].note).toContain('HD-1017');
    expect(e.scheduler.deliveries.filter((d) => d.eventId === updates[0].eventId)).toHaveLength(1);
  });

  it('reports each further change of category', async () => {
    const { e, erpId } = await mirrored();
    e.erp.userSetsStatus(erpId, 7);
    await reflectErpTicket(erpId, e.deps);
    e.erp.userSetsStatus(erpId, 8);
    await reflectErpTicket(erpId, e.deps);
    expect(e.outbox.ofType('erp.status_changed').map((u) => u.state)).toEqual(['pending', 'closed']);
  });

  it('reports nothing for a status that maps to the same category (in progress → read)', async () => {
    const { e, erpId } = await mirrored();
    e.erp.userSetsStatus(erpId, 1);
    await reflectErpTicket(erpId, e.deps);
    expect(e.outbox.ofType('erp.status_changed')).toEqual([]);
  });

  it('reports nothing for the status the bridge itself wrote', async () => {
    const { e, erpId } = await mirrored();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017', stateCategory: 'pending' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0].status).toBe(7);

    await reflectErpTicket(erpId, e.deps);

    expect(e.outbox.ofType('erp.status_changed')).toEqual([]);
  });

  it('does nothing for an ERP ticket that no longer exists', async () => {
    const { e, erpId } = await mirrored();
    await e.erp.deleteTicket(erpId);
    const queued = e.outbox.updates.size;
    await reflectErpTicket(erpId, e.deps);
    expect(e.outbox.updates.size).toBe(queued);
  });
});

describe('reflectErpTicket: ERP messages → helpdesk', () => {
  it("queues one erp.message_added for an ERP user's message, keeping it private when it was", async () => {
    const { e, erpId } = await mirrored();
    const msg = e.erp.userWritesMessage(erpId, 'Spare part ordered, arrives Monday', true);

    await reflectMessagesOfErpTicket(erpId, e.deps);
    await reflectErpTicket(erpId, e.deps);

    expect(e.outbox.ofType('erp.message_added')).toEqual([
      expect.objectContaining({
        ticketId: '17',
        data: expect.objectContaining({ erpMessageId: msg.id, private: true, text: 'Spare part ordered, arrives Monday' }),
      }),
    ]);
    expect(e.outbox.ofType('erp.message_added')[0].note).toContain('Spare part ordered');
  });

  it("skips the bridge's own message recognised by its echo marker, and remembers it", async () => {
    const { e, erpId } = await mirrored();
    const text = 'Written by the bridge';
    await e.echo.mark(erpMessageEchoKey(erpId, text));
    const t = e.erp.tickets[0];
    await e.erp.postTicketMessage({ ticketId: t.id, socid: t.socid ?? undefined, label: t.subject, text, private: true });

    await reflectErpTicket(erpId, e.deps);
    await reflectErpTicket(erpId, e.deps);

    expect(e.outbox.ofType('erp.message_added')).toEqual([]);
    expect(await e.links.getErpMessageLink(key, e.erp.messages[0].id)).toEqual({ key });
  });

  it('does not loop: the note delivered to the helpdesk does not come back to the ERP', async () => {
    const { e, erpId } = await mirrored();
    e.helpdesk.deliverResult = () => ({}); // a helpdesk that does not tell which article it made
    e.erp.userWritesMessage(erpId, 'Please send the serial number');
    await reflectErpTicket(erpId, e.deps);
    const [update] = e.outbox.ofType('erp.message_added');
    await deliverUpdates(key, [update.eventId], e.deps);
    e.helpdesk.put(
      snapshot(helpdeskTicket({ id: '17', number: '1017' }), [article('n1', `<p>${update.note}</p>`, { internal: true, author: 'ticketbridge' })]),
    );

    await mirrorTicket(key, e.deps);

    expect(e.erp.messages).toHaveLength(1);
  });
});

describe('reflectErpTicket: tickets opened in Dolibarr', () => {
  function erpMade(e: ReturnType<typeof makeEngine>) {
    return e.erp.seedTicket({
      ref: 'TS2611-0007',
      trackId: '7k3jq9x2m4p8r1t5',
      subject: 'Invoice question',
      message: 'Why two invoices?',
      status: 1,
      originEmail: 'bob@acme.example',
    });
  }

  it('creates the helpdesk ticket in the helpdesk that takes it, once, and links it', async () => {
    const rt = new FakeHelpdesk('rt');
    const e = makeEngine({ extraAdapters: [rt.adapter(['fetch', 'create'])], erpTickets: { rt: {} } });
    const t = erpMade(e);

    await reflectErpTicket(t.id, e.deps);
    await reflectErpTicket(t.id, e.deps);

    expect(rt.created).toEqual([
      { title: 'Invoice question', body: 'Why two invoices?', customer: { email: 'bob@acme.example' }, stateCategory: 'open', erpRef: 'TS2611-0007' },
    ]);
    expect(await e.links.getTicketLinkByErpId(t.id)).toMatchObject({ helpdeskId: 'rt', ticketId: '9000', erpRef: 'TS2611-0007', trackId: t.trackId });
    expect(e.outbox.ofType('erp.status_changed')).toEqual([]);
  });

  it('does not create it when another run already claimed the creation', async () => {
    const rt = new FakeHelpdesk('rt');
    const e = makeEngine({ extraAdapters: [rt.adapter(['create'])], erpTickets: { rt: {} } });
    const t = erpMade(e);
    await e.once.claim('erp-created-ticket', String(t.id));

    await reflectErpTicket(t.id, e.deps);

    expect(rt.created).toEqual([]);
  });

  it('lets a retry create it when the helpdesk failed the first time', async () => {
    const rt = new FakeHelpdesk('rt');
    const adapter = rt.adapter(['create']);
    const create = adapter.createTicket!;
    let fail = true;
    adapter.createTicket = async (n) => {
      if (fail) throw new Error('helpdesk down');
      return create(n);
    };
    const e = makeEngine({ extraAdapters: [adapter], erpTickets: { rt: {} } });
    const t = erpMade(e);

    await expect(reflectErpTicket(t.id, e.deps)).rejects.toThrow('helpdesk down');
    fail = false;
    await reflectErpTicket(t.id, e.deps);

    expect(rt.created).toHaveLength(1);
  });

  it('leaves the ticket in the ERP when configured not to create helpdesk tickets', async () => {
    const rt = new FakeHelpdesk('rt');
    const e = makeEngine({ sync: { createHelpdeskTicketsFromErp: false }, extraAdapters: [rt.adapter(['create'])], erpTickets: { rt: {} } });
    await reflectErpTicket(erpMade(e).id, e.deps);
    expect(rt.created).toEqual([]);
  });

  it('takes none by default: a helpdesk without erpTickets gets no ticket opened in Dolibarr', async () => {
    const rt = new FakeHelpdesk('rt');
    const e = makeEngine({ extraAdapters: [rt.adapter(['create'])] });
    await reflectErpTicket(erpMade(e).id, e.deps);
    expect(rt.created).toEqual([]);
  });

  it("takes only the tickets its filter names (type, third party), and never another bridge's", async () => {
    const rt = new FakeHelpdesk('rt');
    const e = makeEngine({ extraAdapters: [rt.adapter(['create'])], erpTickets: { rt: { types: ['ISSUE'], thirdParties: [1] } } });
    const other = e.erp.seedTicket({ ref: 'TS2611-0008', trackId: 'q1w2e3r4t5y6u7i8', typeCode: 'REQUEST', socid: 1 });
    const foreign = e.erp.seedTicket({ ref: 'HD-jira-7', trackId: trackIdFor({ helpdeskId: 'jira', ticketId: '7' }), typeCode: 'ISSUE', socid: 1 });
    const taken = e.erp.seedTicket({ ref: 'TS2611-0009', trackId: 'a9s8d7f6g5h4j3k2', typeCode: 'ISSUE', socid: 1, subject: 'Taken' });
    for (const t of [other, foreign, taken]) await reflectErpTicket(t.id, e.deps);
    expect(rt.created.map((c) => c.title)).toEqual(['Taken']);
  });

  it('uses the configured default customer for a ticket without one', async () => {
    const rt = new FakeHelpdesk('rt');
    const e = makeEngine({ extraAdapters: [rt.adapter(['create'])], erpTickets: { rt: { defaultCustomer: 'support-desk@acme.example' } } });
    const t = e.erp.seedTicket({ ref: 'TS2611-0010', trackId: 'z1x2c3v4b5n6m7l8', originEmail: null });
    await reflectErpTicket(t.id, e.deps);
    expect(rt.created[0].customer).toEqual({ email: 'support-desk@acme.example' });
  });

  it('reports a ticket the helpdesk refuses once, on the ERP ticket, instead of failing the job', async () => {
    const rt = new FakeHelpdesk('rt');
    const adapter = rt.adapter(['create']);
    adapter.createTicket = async () => {
      throw new InvalidRequestError('Znuny TicketCreate: TicketCreate.InvalidParameter (Customer address missing)', {
        system: 'rt',
        method: 'POST',
        path: '/Ticket',
      });
    };
    const e = makeEngine({ extraAdapters: [adapter], erpTickets: { rt: {} } });
    const t = e.erp.seedTicket({ ref: 'TS2611-0011', trackId: 'p0o9i8u7y6t5r4e3', originEmail: null });
    await reflectErpTicket(t.id, e.deps);
    await reflectErpTicket(t.id, e.deps);
    const notes = (await e.deps.erp.listTicketMessages(t.id)).map((m) => m.note ?? '');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('could not create this ticket in the helpdesk "rt"');
    expect(notes[0]).toContain('Customer address missing');
  });

  it('does not create a helpdesk ticket for one the bridge made, when Redis lost the link: it links it again', async () => {
    const rt = new FakeHelpdesk('rt');
    const e = makeEngine({ extraAdapters: [rt.adapter(['create'])], erpTickets: { rt: {} } });
    const t = e.erp.seedTicket({ ref: 'HD-znuny-42', trackId: trackIdFor({ helpdeskId: 'znuny', ticketId: '42' }) });

    await reflectErpTicket(t.id, e.deps);

    expect(rt.created).toEqual([]);
    expect(await e.links.getTicketLink({ helpdeskId: 'znuny', ticketId: '42' })).toMatchObject({
      erpId: t.id,
      erpRef: 'HD-znuny-42',
      helpdeskNumber: '42',
    });
  });
});

describe('a helpdesk state the bridge itself set is not written back to the ERP', () => {
  it("keeps the ERP user's status when the helpdesk reads the delivered state back as another category", async () => {
    const { e, erpId } = await mirrored();
    e.erp.userSetsStatus(erpId, 5);
    await reflectErpTicket(erpId, e.deps);
    const [update] = e.outbox.ofType('erp.status_changed');
    expect(update.state).toBe('waiting_customer');
    await deliverUpdates(key, [update.eventId], e.deps);
    // Like Znuny's "pending reminder": the helpdesk has no waiting-for-customer state and reports "pending".
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017', stateCategory: 'pending' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0].status).toBe(5);
    // An agent's own change afterwards is mirrored again.
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017', stateCategory: 'closed' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0].status).toBe(8);
  });

  it('forgets a delivered state only on a change of state: a run that finds none delivered consumes nothing', async () => {
    const { e, erpId } = await mirrored();
    const take = jest.spyOn(e.deps.helpdeskState, 'takeDelivered');
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017', stateCategory: 'pending' })));
    await mirrorTicket(key, e.deps);
    expect(take).not.toHaveBeenCalled();
    e.erp.userSetsStatus(erpId, 3);
    await reflectErpTicket(erpId, e.deps);
    const [update] = e.outbox.ofType('erp.status_changed');
    await deliverUpdates(key, [update.eventId], e.deps);
    // The helpdesk has not applied it yet: the same state again keeps what was delivered for the run that meets it.
    await mirrorTicket(key, e.deps);
    expect(take).not.toHaveBeenCalled();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017', stateCategory: 'open' })));
    await mirrorTicket(key, e.deps);
    expect(take).toHaveBeenCalledTimes(1);
    expect(e.erp.tickets[0].status).toBe(3);
  });

  it("still mirrors an agent's change to another state after the bridge delivered one", async () => {
    const { e, erpId } = await mirrored();
    e.erp.userSetsStatus(erpId, 5);
    await reflectErpTicket(erpId, e.deps);
    const [update] = e.outbox.ofType('erp.status_changed');
    await deliverUpdates(key, [update.eventId], e.deps);
    // The helpdesk did not apply it; the agent resolves the ticket instead.
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017', stateCategory: 'resolved' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0].status).toBe(8);
  });
});

describe('after Redis was lost', () => {
  it("rebuilds the link from the track_id and reports none of the bridge's earlier writes as ERP users' changes", async () => {
    const { e, erpId } = await mirrored();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017', stateCategory: 'pending' }), [article('a1', 'First reply')]));
    await mirrorTicket(key, e.deps);
    // A new engine on the same ERP, with empty stores: what a restart after losing Redis sees.
    const fresh = makeEngine({ erp: e.erp });
    await reflectErpTicket(erpId, fresh.deps);
    expect(await fresh.deps.links.getTicketLinkByErpId(erpId)).toMatchObject({ ...key, helpdeskNumber: '1017' });
    expect(fresh.outbox.ofType('erp.status_changed')).toEqual([]);
    expect(fresh.outbox.ofType('erp.message_added')).toEqual([]);
    // A message an ERP user writes afterwards is reflected as usual.
    e.erp.userWritesMessage(erpId, 'Written after the restart', false);
    await reflectErpTicket(erpId, fresh.deps);
    expect(fresh.outbox.ofType('erp.message_added')).toHaveLength(1);
  });
});

describe('an ERP message webhook', () => {
  it("needs no Dolibarr call when the message is already linked (the bridge's own post)", async () => {
    const { e, erpId } = await mirrored();
    const m = e.erp.userWritesMessage(erpId, 'Linked already', false);
    await e.deps.links.saveErpMessageLink(key, m.id);
    const before = e.erp.reads.listTicketMessages ?? 0;
    await reflectMessagesOfErpTicket(erpId, e.deps, m.id);
    expect(e.erp.reads.listTicketMessages ?? 0).toBe(before);
    expect(e.outbox.ofType('erp.message_added')).toEqual([]);
  });
});
