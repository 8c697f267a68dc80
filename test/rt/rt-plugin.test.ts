import { randomUUID } from 'node:crypto';
import {
  InvalidRequestError,
  type IntegrationError,
  type ChangePage,
  type HelpdeskAdapter,
  type OutboundUpdate,
  type TicketSnapshot,
} from '../../src/plugin-sdk';
import { describeWithRt } from './rt-env';
import { RtStaff, rtAdapterFor } from './rt-staff';

async function found(adapter: HelpdeskAdapter, id: string): Promise<TicketSnapshot> {
  const r = await adapter.fetchTicket!(id);
  if (r.kind !== 'found') throw new Error(`ticket ${id}: ${r.kind}`);
  return r.snapshot;
}

/** Every page of changes from a cursor; the tests of this file share its queue, so callers filter on their ids. */
async function drain(adapter: HelpdeskAdapter, cursor: string | null, since: Date): Promise<{ pages: ChangePage[]; cursor: string }> {
  const pages: ChangePage[] = [];
  let current = cursor;
  for (let i = 0; i < 100; i++) {
    const page = await adapter.listChanges!(current, since);
    pages.push(page);
    current = page.cursor;
    if (!page.more) return { pages, cursor: page.cursor };
  }
  throw new Error('listChanges never finished');
}

const update = (ticketId: string, extra: Partial<OutboundUpdate>): OutboundUpdate => ({
  eventId: `it-${randomUUID()}`,
  type: 'erp.status_changed',
  ticketId,
  occurredAt: new Date(),
  data: {},
  ...extra,
});

describeWithRt('RT plugin against the test RT', 'plugin', (env) => {
  const staff = new RtStaff(env);
  const adapter = rtAdapterFor(env);
  const tag = randomUUID().slice(0, 8);

  it('reads a ticket with its reply, comment and time booked on several transactions, as RT totals it', async () => {
    const id = await staff.createTicket({
      subject: `printer ${tag}`,
      requestor: `it-${tag}@acme.example`,
      content: 'It is on fire.',
      timeWorked: 10,
    });
    const reply = await staff.message('correspond', id, 'Technician on the way.', 20);
    const comment = await staff.message('comment', id, 'Vendor called.', 7);
    await staff.update(id, { TimeWorked: 45 }); // a direct edit: RT records the delta (8) on a Set transaction
    const snap = await found(adapter, id);
    expect(snap.ticket).toMatchObject({ id, title: `printer ${tag}`, body: 'It is on fire.', state: 'open', stateCategory: 'open' });
    expect(snap.ticket.customer.email).toBe(`it-${tag}@acme.example`);
    expect(snap.articles.map((a) => [a.body, a.internal])).toEqual([
      ['It is on fire.', false],
      ['Technician on the way.', false],
      ['Vendor called.', true],
    ]);
    expect(snap.articles.map((a) => a.id).slice(1)).toEqual([reply, comment]);
    expect(snap.timeEntries.map((e) => e.seconds)).toEqual([600, 1200, 420, 480]);
    const rtTotal = Number((await staff.ticket(id)).TimeWorked);
    expect(snap.timeEntries.reduce((s, e) => s + e.seconds, 0)).toBe(rtTotal * 60);
  });

  it('delivers a note once per event, a status and the bridge fields, and reports its own transaction', async () => {
    const id = await staff.createTicket({ subject: `write-back ${tag}`, requestor: `wb-${tag}@acme.example`, content: 'help' });
    const u = update(id, {
      note: `Intervention FI-${tag} validated`,
      state: 'waiting_customer',
      fields: { erpRef: `TS-${tag}`, contract: 'CT-1', duration: '1.50', quote: 'PR-1' },
    });
    const first = await adapter.deliver!(u);
    const again = await rtAdapterFor(env).deliver!(u);
    const snap = await found(adapter, id);
    const notes = snap.articles.filter((a) => a.body === `Intervention FI-${tag} validated`);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.internal).toBe(true);
    expect(first.createdArticleIds).toEqual([notes[0]!.id]);
    expect(again.createdArticleIds).toEqual([notes[0]!.id]);
    expect(snap.ticket.state).toBe('stalled');
    const cfs = (await staff.ticket(id)).CustomFields as Array<{ name: string; values: string[] }>;
    expect(Object.fromEntries(cfs.map((c) => [c.name, c.values[0]]))).toMatchObject({
      [env.customFields.erpRef]: `TS-${tag}`,
      [env.customFields.contract]: 'CT-1',
      [env.customFields.duration]: '1.50',
      [env.customFields.quote]: 'PR-1',
    });
  });

  it('answers the customer once per event as a correspondence, sets Due to the second, and reads custom fields', async () => {
    const id = await staff.createTicket({
      subject: `escalated ${tag}`,
      requestor: `dev-${tag}@acme.example`,
      content: 'export crashes',
      customFields: { [env.customFields.contract]: `CT-${tag}` },
    });
    const remindAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 7 * 86_400_000 + 123);
    const u = update(id, {
      type: 'dev_issue.created',
      note: `ProjeQtor ${tag} opened`,
      reply: `Development ticket ${tag} opened for you.`,
      remindAt,
    });
    const first = await adapter.deliver!(u);
    const again = await rtAdapterFor(env).deliver!(u);
    const snap = await found(adapter, id);
    const replies = snap.articles.filter((a) => a.body === `Development ticket ${tag} opened for you.`);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.internal).toBe(false);
    expect(first.createdArticleIds).toContain(replies[0]!.id);
    expect(again.createdArticleIds).toEqual(first.createdArticleIds);
    expect((await staff.history(id)).find((t) => t.id === replies[0]!.id)?.Type).toBe('Correspond');
    expect((await staff.ticket(id)).Due).toBe(new Date(Math.floor(remindAt.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    expect(snap.ticket.customFields).toMatchObject({ [env.customFields.contract]: `CT-${tag}` });
  });

  it('fails naming the state when RT answers 200 but refuses the status', async () => {
    const id = await staff.createTicket({ subject: `refused ${tag}` });
    const strict = rtAdapterFor(env, 'rt', { categoryToStatus: { closed: 'closed' } });
    const err = await strict.deliver!(update(id, { state: 'closed' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as IntegrationError).field).toBe('state');
    expect((err as IntegrationError).remoteMessage).toMatch(/isn't a valid status/);
  });

  it('reports a merged ticket as merged into the target, whose time and messages include the merged ones', async () => {
    const source = await staff.createTicket({ subject: `dup ${tag}`, requestor: `m-${tag}@acme.example`, content: 'same problem', timeWorked: 20 });
    const target = await staff.createTicket({ subject: `orig ${tag}`, requestor: `m-${tag}@acme.example`, content: 'problem', timeWorked: 10 });
    const start = await drain(adapter, null, new Date(Date.now() - 60_000));
    await staff.merge(source, target);
    await expect(adapter.fetchTicket!(source)).resolves.toEqual({ kind: 'merged', into: target });
    const snap = await found(adapter, target);
    expect(snap.timeEntries.reduce((s, e) => s + e.seconds, 0)).toBe(30 * 60);
    expect(snap.articles.map((a) => a.body)).toEqual(expect.arrayContaining(['same problem', 'problem']));
    const events = (await drain(adapter, start.cursor, new Date(0))).pages.flatMap((p) => p.events ?? []);
    expect(events).toContainEqual(expect.objectContaining({ type: 'ticket.merged', ticketId: source, intoId: target }));
  });

  it('reports a deleted ticket as deleted, by fetch and by the poll', async () => {
    const id = await staff.createTicket({ subject: `spam ${tag}` });
    const start = await drain(adapter, null, new Date(Date.now() - 60_000));
    await staff.delete(id);
    await expect(adapter.fetchTicket!(id)).resolves.toEqual({ kind: 'deleted' });
    const events = (await drain(adapter, start.cursor, new Date(0))).pages.flatMap((p) => p.events ?? []);
    expect(events).toContainEqual(expect.objectContaining({ type: 'ticket.deleted', ticketId: id }));
  });

  it('polls from a saved cursor after a restart: what changed since, once, even within the same second', async () => {
    const old = await staff.createTicket({ subject: `old ${tag}` });
    const first = await drain(adapter, null, new Date(Date.now() - 60_000));
    expect(first.pages.flatMap((p) => p.ticketIds)).toContain(old);

    const fresh = await staff.createTicket({ subject: `fresh ${tag}` });
    await staff.message('comment', old, 'touched again', 3);
    const ours = (ids: string[]) => ids.filter((i) => i === old || i === fresh);
    const second = await drain(rtAdapterFor(env), first.cursor, new Date(0));
    const listed = ours(second.pages.flatMap((p) => p.ticketIds));
    expect(listed.sort()).toEqual([old, fresh].sort());
    const third = await drain(rtAdapterFor(env), second.cursor, new Date(0));
    expect(ours(third.pages.flatMap((p) => p.ticketIds))).toEqual([]);
  });

  it('creates a ticket for one opened in the ERP, once per ERP ref', async () => {
    const ticket = {
      title: `from ERP ${tag}`,
      body: 'Opened by sales',
      customer: { email: `erp-${tag}@acme.example` },
      stateCategory: 'open' as const,
      erpRef: `TS-ERP-${tag}`,
    };
    const created = await adapter.createTicket!(ticket);
    await expect(rtAdapterFor(env).createTicket!(ticket)).resolves.toEqual(created);
    const snap = await found(adapter, created.id);
    expect(snap.ticket).toMatchObject({ title: ticket.title, body: 'Opened by sales', state: 'open' });
    expect(snap.ticket.customer.email).toBe(ticket.customer.email);
  });

  it('answers ping', async () => {
    await expect(adapter.ping!()).resolves.toBeUndefined();
  });
});
