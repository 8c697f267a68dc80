import { IntegrationError, type OutboundUpdate } from '../../../src/plugin-sdk';
import { znunyPlugin } from '../../../plugins/znuny';
import { startZnunyDouble, type ZnunyDouble } from '../../doubles/znuny';
import { getLogger } from '../../../src/logging/logger';
import { guardNetwork } from '../../support/nock-guard';

let double: ZnunyDouble;
const NOW = new Date('2030-03-30T12:00:00Z');

function adapter(overrides: Record<string, unknown> = {}) {
  const config = znunyPlugin.configSchema.parse({
    baseUrl: double.url,
    userLogin: 'tb-agent',
    agentFromAddress: 'bridge@helpdesk.example',
    timeZone: 'Europe/Berlin',
    ...overrides,
  });
  return znunyPlugin.create({
    helpdeskId: 'znuny',
    config,
    secrets: { password: 'tb-password', webhook_secret: 'reply-test-invoker-secret-0123456789' },
    logger: getLogger('test'),
    now: () => NOW,
  });
}
const seed = () =>
  double.control.createTicket({
    title: 'Export crashes',
    customerUser: 'jdoe@acme.example',
    state: 'open',
    articles: [{ body: 'hi', from: 'jdoe@acme.example' }],
  }).ticketId;
const updates = () => double.control.requests.filter((r) => r.operation === 'TicketUpdate');
const devIssueCreated = (ticketId: string, extra: Partial<OutboundUpdate>): OutboundUpdate => ({
  eventId: 'dev-created-1',
  type: 'dev_issue.created',
  ticketId,
  occurredAt: NOW,
  data: {},
  ...extra,
});

guardNetwork({ loopback: true });
beforeEach(async () => {
  double = await startZnunyDouble({ timeZone: 'Europe/Berlin' });
});
afterEach(() => double.close());

describe('Znuny customer replies', () => {
  it('writes the reply as a customer-visible e-mail article to the customer, next to the internal note', async () => {
    const id = seed();
    const result = await adapter().deliver!(
      devIssueCreated(id, { note: 'ProjeQtor #42 opened', reply: 'A development ticket (#42) was opened for your problem.' }),
    );
    const [first, second] = updates();
    expect((first.params.Article as Record<string, unknown>).IsVisibleForCustomer).toBe(0);
    expect(second.params.Article).toMatchObject({
      CommunicationChannel: 'Email',
      SenderType: 'agent',
      IsVisibleForCustomer: 1,
      From: 'bridge@helpdesk.example',
      To: 'jdoe@acme.example',
    });
    const replies = double.control.customerReplies(id);
    expect(replies).toEqual([
      expect.objectContaining({ Body: 'A development ticket (#42) was opened for your problem.', channel: 'Email', To: 'jdoe@acme.example' }),
    ]);
    expect(result.createdArticleIds).toHaveLength(2);
    expect(result.createdArticleIds).toContain(String(replies[0].ArticleID));
    const fetched = await adapter().fetchTicket!(id);
    if (fetched.kind !== 'found') throw new Error(fetched.kind);
    expect(fetched.snapshot.articles.find((a) => a.id === String(replies[0].ArticleID))).toMatchObject({ internal: false, byAgent: true });
  });

  it('uses the configured channel', async () => {
    const id = seed();
    await adapter({ replyChannel: 'Phone' }).deliver!(devIssueCreated(id, { reply: 'Fixed in 4.2.' }));
    expect(double.control.customerReplies(id)).toEqual([expect.objectContaining({ Body: 'Fixed in 4.2.', channel: 'Phone' })]);
  });

  it('after a lost answer on the reply, the retry writes neither the note nor the reply again', async () => {
    const id = seed();
    const update = devIssueCreated(id, { note: 'ProjeQtor #43 opened', reply: 'We opened #43.' });
    await adapter().deliver!({ ...update, reply: undefined });
    double.control.loseNextWriteAnswer();
    const lost = await adapter().deliver!(update).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(IntegrationError);
    const again = await adapter().deliver!(update);
    const articles = double.control.ticket(id).Article as { ArticleID: number; Body: string }[];
    expect(articles.filter((a) => a.Body === 'ProjeQtor #43 opened')).toHaveLength(1);
    const replies = double.control.customerReplies(id);
    expect(replies.map((r) => r.Body)).toEqual(['We opened #43.']);
    expect(again.createdArticleIds).toContain(String(replies[0].ArticleID));
  });
});

describe('Znuny reminders', () => {
  it("sets the reminder state with the reminder as PendingTime in Znuny's zone, to the minute", async () => {
    const id = seed();
    await adapter().deliver!(devIssueCreated(id, { remindAt: new Date('2030-04-10T07:45:30Z') }));
    expect(updates()[0].params.Ticket).toEqual({ State: 'pending reminder', PendingTime: { Year: 2030, Month: 4, Day: 10, Hour: 9, Minute: 45 } });
    expect(double.control.pending(id)).toEqual({ state: 'pending reminder', until: new Date('2030-04-10T07:45:00Z') });
  });

  it('moves an existing reminder, and uses the configured reminder state', async () => {
    const id = seed();
    await adapter().deliver!(devIssueCreated(id, { remindAt: new Date('2030-04-10T07:45:00Z') }));
    await adapter().deliver!(
      devIssueCreated(id, { eventId: 'dev-overdue-1', type: 'dev_issue.overdue', remindAt: new Date('2030-04-17T07:45:00Z') }),
    );
    expect(double.control.pending(id).until).toEqual(new Date('2030-04-17T07:45:00Z'));
    await adapter({ reminderState: 'pending auto close+' }).deliver!(
      devIssueCreated(id, { eventId: 'dev-2', remindAt: new Date('2030-05-01T10:00:00Z') }),
    );
    expect(double.control.pending(id)).toEqual({ state: 'pending auto close+', until: new Date('2030-05-01T10:00:00Z') });
  });

  it('keeps a pending state the update names, with the reminder as its time', async () => {
    const id = seed();
    await adapter().deliver!(devIssueCreated(id, { state: 'waiting_customer', remindAt: new Date('2030-04-10T07:45:00Z') }));
    expect(double.control.pending(id)).toEqual({ state: 'pending reminder', until: new Date('2030-04-10T07:45:00Z') });
  });

  it('refuses a reminder with a state that has no pending time, before calling Znuny', async () => {
    const id = seed();
    const before = double.control.requests.length;
    await expect(adapter().deliver!(devIssueCreated(id, { state: 'open', remindAt: new Date('2030-04-10T07:45:00Z') }))).rejects.toThrow(/pending/);
    expect(double.control.requests.length).toBe(before);
  });

  it('reopens a pending ticket when the update says open', async () => {
    const id = seed();
    await adapter().deliver!(devIssueCreated(id, { remindAt: new Date('2030-04-10T07:45:00Z') }));
    await adapter().deliver!(devIssueCreated(id, { eventId: 'dev-done-1', type: 'dev_issue.done', state: 'open', note: 'Fixed' }));
    expect(double.control.pending(id)).toEqual({ state: 'open' });
  });
});

describe('Znuny custom fields', () => {
  it('reads the dynamic fields an agent set, including ones the bridge does not write', async () => {
    const id = seed();
    double.control.setDynamicField(id, 'DevBug', '1');
    double.control.setDynamicField(id, 'Components', ['export', 'pdf']);
    const fetched = await adapter().fetchTicket!(id);
    if (fetched.kind !== 'found') throw new Error(fetched.kind);
    expect(fetched.snapshot.ticket.customFields).toEqual({ DevBug: '1', Components: 'export, pdf' });
  });
});

describe('Znuny reminder settings', () => {
  it('refuses a reminder state that keeps no pending time', () => {
    const parsed = znunyPlugin.configSchema.safeParse({
      baseUrl: 'http://znuny.test/znuny/nph-genericinterface.pl/Webservice/TicketBridge',
      userLogin: 'tb-agent',
      agentFromAddress: 'bridge@helpdesk.example',
      reminderState: 'open',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['reminderState'], message: 'must be one of pendingStates' })]);
  });
});
