import { randomUUID } from 'node:crypto';
import type { HelpdeskAdapter, OutboundUpdate, TicketSnapshot } from '../../src/plugin-sdk';
import { getLogger } from '../../src/logging/logger';
import { znunyPlugin } from '../../plugins/znuny';
import { ZnunyClient } from '../../plugins/znuny/client';
import { describeWithZnuny, type ZnunyTestEnv } from './znuny-env';

interface RawArticle {
  ArticleID: number | string;
  Subject: string;
  Body: string;
  To: string;
  From: string;
  SenderType: string;
  CommunicationChannelID: number | string;
  IsVisibleForCustomer: number;
}
interface RawTicket {
  State: string;
  StateType: string;
  RealTillTimeNotUsed: number | string;
  Article: RawArticle[];
  DynamicField: { Name: string; Value: unknown }[];
}

function adapterFor(env: ZnunyTestEnv): HelpdeskAdapter {
  const config = znunyPlugin.configSchema.parse({
    baseUrl: env.baseUrl,
    userLogin: env.userLogin,
    agentFromAddress: env.agentFromAddress,
    timeZone: env.timeZone,
    createQueue: process.env.ZNUNY_QUEUE ?? 'Support',
  });
  return znunyPlugin.create({
    helpdeskId: 'znuny',
    config,
    secrets: { password: env.password, webhook_secret: 'real-znuny-test-invoker-secret-0123456789' },
    logger: getLogger('test.real-znuny'),
    now: () => new Date(),
  });
}

async function found(adapter: HelpdeskAdapter, id: string): Promise<TicketSnapshot> {
  const r = await adapter.fetchTicket!(id);
  if (r.kind !== 'found') throw new Error(`ticket ${id}: ${r.kind}`);
  return r.snapshot;
}

describeWithZnuny('Znuny plugin against a real Znuny', (env) => {
  const adapter = adapterFor(env);
  const raw = new ZnunyClient(
    znunyPlugin.configSchema.parse({ baseUrl: env.baseUrl, userLogin: env.userLogin, agentFromAddress: env.agentFromAddress }),
    env.password,
    'znuny',
    getLogger('test.real-znuny'),
  );
  const tag = randomUUID().slice(0, 8);
  const customer = `it-${tag}@acme.example`;
  const rawTicket = async (id: string): Promise<RawTicket> =>
    ((await raw.call('TicketGet', { path: { TicketID: id }, params: { AllArticles: 1, DynamicFields: 1 } })).Ticket as RawTicket[])[0]!;
  let id = '';

  beforeAll(async () => {
    ({ id } = await adapter.createTicket!({
      title: `VPN drops ${tag}`,
      body: 'The VPN drops every hour.',
      customer: { email: customer },
      stateCategory: 'open',
      erpRef: `IT-${tag}`,
    }));
  });

  it('finds the ticket it created by its ERP ref instead of creating a second one', async () => {
    const again = await adapter.createTicket!({
      title: `VPN drops ${tag}`,
      body: 'The VPN drops every hour.',
      customer: { email: customer },
      stateCategory: 'open',
      erpRef: `IT-${tag}`,
    });
    expect(again.id).toBe(id);
  });

  it('reads the dynamic fields that have a value as customFields', async () => {
    await adapter.deliver!({
      eventId: `it-fields-${tag}`,
      type: 'contract.resolved',
      ticketId: id,
      occurredAt: new Date(),
      data: {},
      fields: { contract: `CT-${tag}` },
    });
    const snap = await found(adapter, id);
    expect(snap.ticket.customFields).toEqual(expect.objectContaining({ DolibarrRef: `IT-${tag}`, DolibarrContract: `CT-${tag}` }));
    expect(Object.values(snap.ticket.customFields ?? {})).not.toContain('');
  });

  it('writes the reply as an agent article the customer sees, the note as an internal one, and the reminder as PendingTime', async () => {
    // A minute with seconds: Znuny keeps the minute; two days ahead, in whichever zone Znuny runs.
    const remindAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 2 * 24 * 3600_000 + 42_000);
    const update: OutboundUpdate = {
      eventId: `it-dev-${tag}`,
      type: 'dev_issue.created',
      ticketId: id,
      occurredAt: new Date(),
      data: {},
      note: `ProjeQtor #${tag} opened`,
      reply: `A development ticket (#${tag}) was opened for your problem.`,
      remindAt,
    };
    const result = await adapter.deliver!(update);
    expect(result.createdArticleIds).toHaveLength(2);

    const ticket = await rawTicket(id);
    expect(ticket.State).toBe('pending reminder');
    expect(Number(ticket.RealTillTimeNotUsed) * 1000).toBe(remindAt.getTime() - 42_000);
    const reply = ticket.Article.find((a) => a.Body === update.reply)!;
    expect(reply).toMatchObject({ SenderType: 'agent', IsVisibleForCustomer: 1, To: customer, From: env.agentFromAddress });
    expect(reply.Subject).toContain(`[tb:it-dev-${tag}:reply]`);
    const note = ticket.Article.find((a) => a.Body === update.note)!;
    expect(note).toMatchObject({ SenderType: 'agent', IsVisibleForCustomer: 0 });
    const written = [...(result.createdArticleIds ?? [])].sort();
    expect(written).toEqual([String(note.ArticleID), String(reply.ArticleID)].sort());

    const snap = await found(adapter, id);
    expect(snap.ticket.stateCategory).toBe('pending');
    expect(snap.articles.find((a) => a.id === String(reply.ArticleID))).toMatchObject({ internal: false, byAgent: true });
    expect(snap.articles.find((a) => a.id === String(note.ArticleID))).toMatchObject({ internal: true, byAgent: true });

    const again = await adapter.deliver!(update);
    expect([...(again.createdArticleIds ?? [])].sort()).toEqual(written);
    expect((await rawTicket(id)).Article).toHaveLength(ticket.Article.length);
  });

  it('lists the ticket among the changes since it was created', async () => {
    const since = new Date(Date.now() - 10 * 60_000);
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const changes = await adapter.listChanges!(cursor, since);
      ids.push(...changes.ticketIds);
      cursor = changes.cursor;
      if (!changes.more) break;
    }
    expect(ids).toContain(id);
  });

  afterAll(async () => {
    if (id)
      await adapter.deliver!({
        eventId: `it-close-${tag}`,
        type: 'erp.status_changed',
        ticketId: id,
        occurredAt: new Date(),
        data: {},
        state: 'closed',
      });
  });
});
