import { randomBytes } from 'node:crypto';
import { SUPPORT_TYPE } from '../../doubles/jsm';
import { eventually } from '../support/service-process';
import { CUSTOM_FIELDS, JsmScenario } from './jsm-scenario';

jest.setTimeout(60_000);

const WAIT = 20_000;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/**
 * The running service between the JSM double (admin webhook, signed) and the Dolibarr double. The steps
 * build on each other, like a day at the Customer Services desk.
 */
describe('Jira Service Management ⇄ Dolibarr through the running service', () => {
  const tag = randomBytes(3).toString('hex');
  let s: JsmScenario;
  let issueId: string;
  let issueKey: string;
  let erpId: number;

  beforeAll(async () => {
    // SLA refresh every 2 s: the sweep re-mirrors every open request, which must change nothing either.
    s = await JsmScenario.start({ slaRefreshSeconds: 2 });
  });

  afterAll(async () => {
    await s?.close();
  });

  const c = () => s.jsm.control;
  const field = (id: string, name: keyof typeof CUSTOM_FIELDS) => c().must(id).customFields[CUSTOM_FIELDS[name]] ?? undefined;

  /** An internal note on the request that reaches the ERP proves every earlier change of it was mirrored. */
  async function barrier(id: string, erp: number): Promise<void> {
    const text = `barrier ${randomBytes(4).toString('hex')}`;
    c().addComment(id, { body: text, public: false });
    await eventually(async () => s.messagesContaining(erp, text).length === 1, `"${text}" in the ERP`, WAIT);
  }

  it('a portal request becomes one ERP ticket on the customer’s third party and support contract', async () => {
    const issue = c().createRequest({
      summary: `Imprimante en panne ${tag}`,
      description: 'L’imprimante du *2e étage* ne répond plus.',
      reporter: { email: 'fred@logeas.example', name: 'Fred Martin' },
      requestType: SUPPORT_TYPE,
      priority: 'Haute',
      organization: 'Logeas',
    });
    issueId = issue.id;
    issueKey = issue.key;
    const ticket = await eventually(async () => s.erpTicket(issueId), `the ERP ticket of ${issueKey}`, WAIT);
    erpId = ticket.id;
    expect(ticket).toMatchObject({
      ref: `HD-${issueKey}`,
      subject: `Imprimante en panne ${tag}`,
      fk_soc: s.customer.socid,
      fk_contract: s.customer.contractId,
      type_code: 'HELP',
      severity_code: 'HIGH',
      // No origin e-mail: Dolibarr would call the ticket "Created from Public portal"; the requester is an extrafield.
      origin_email: null,
    });
    expect(ticket.message).toContain('L’imprimante du 2e étage ne répond plus.');
    await eventually(async () => field(issueId, 'erpRef') === ticket.ref, 'the ERP ref in its custom field', WAIT);
    await eventually(async () => field(issueId, 'contract')?.includes(s.customer.contractRef), 'the contract in its custom field', WAIT);
  });

  it('public and internal comments reach the ERP as public and private messages', async () => {
    c().addComment(issueId, { body: `Toujours en panne ce matin ${tag}`, public: true, author: c().customer('fred@logeas.example', 'Fred Martin') });
    c().addComment(issueId, { body: `Pièce commandée chez le fournisseur ${tag}`, public: false });
    await eventually(
      async () => s.messagesContaining(erpId, `Pièce commandée chez le fournisseur ${tag}`).length === 1,
      'the internal comment',
      WAIT,
    );
    expect(s.messagesContaining(erpId, `Toujours en panne ce matin ${tag}`)).toEqual([expect.objectContaining({ private: false })]);
    expect(s.messagesContaining(erpId, `Pièce commandée chez le fournisseur ${tag}`)).toEqual([expect.objectContaining({ private: true })]);
  });

  it('an ERP message reaches the request as an internal comment, never one the customer sees', async () => {
    await s.erpUser('ticket-message', { ticketId: erpId, message: `Devis envoyé au client ${tag}`, private: false });
    const comment = await eventually(
      async () =>
        c()
          .must(issueId)
          .comments.find((x) => x.body.includes(`Devis envoyé au client ${tag}`)),
      'the ERP message in JSM',
      WAIT,
    );
    expect(comment.public).toBe(false);
    await barrier(issueId, erpId);
    // Its echo is not mirrored back as a second ERP message.
    expect(s.messagesContaining(erpId, `Devis envoyé au client ${tag}`)).toHaveLength(1);
  });

  it('a worklog (whose webhook carries no issue) becomes an intervention line under the contract', async () => {
    c().addWorklog(issueId, { seconds: 90 * 60, comment: `Remplacement du tambour ${tag}` });
    await eventually(async () => s.lineSeconds(erpId).length === 1, 'the intervention line', WAIT);
    expect(s.lineSeconds(erpId)).toEqual([90 * 60]);
    const intervention = s.dolibarr.state().interventions.find((f) => f.socid === s.customer.socid);
    expect(intervention).toMatchObject({ fk_contrat: s.customer.contractId });
    await eventually(async () => field(issueId, 'duration'), 'the duration in its custom field', WAIT);
  });

  it('an ERP status change moves the request through the workflow’s transition, and stays put', async () => {
    await s.erpUser('ticket-status', { ticketId: erpId, status: 5 });
    await eventually(async () => c().must(issueId).status.name === 'En attente client', 'JSM status "En attente client"', WAIT);
    await barrier(issueId, erpId);
    expect(s.dolibarr.state().tickets.find((t) => t.id === erpId)!.fk_statut).toBe(5);
  });

  it('the SLA read after a change shows in the ERP: status and next due date', async () => {
    const due = new Date(Date.now() + 4 * 3600_000);
    c().setSla(issueId, [
      {
        name: 'Délai de résolution',
        goalMs: 8 * 3600_000,
        elapsedMs: 3600_000,
        breached: false,
        paused: false,
        startTime: new Date(),
        breachTime: due,
      },
    ]);
    c().addComment(issueId, { body: `Relance du client ${tag}`, public: true, author: c().customer('fred@logeas.example') });
    await eventually(
      async () => s.erpSla(erpId).status === 'ok' && s.erpSla(erpId).due === Math.floor(due.getTime() / 1000),
      'SLA ok with its due date in the ERP',
      WAIT,
    );
  });

  it('an SLA breached without any event in JSM shows as breached in the ERP (scheduled refresh)', async () => {
    c().setSla(issueId, [
      {
        name: 'Délai de résolution',
        goalMs: 8 * 3600_000,
        elapsedMs: 9 * 3600_000,
        breached: true,
        paused: false,
        startTime: new Date(Date.now() - 9 * 3600_000),
      },
    ]);
    const sent = s.jsm.hooks.sent.length;
    await eventually(async () => s.erpSla(erpId).status === 'breached', 'SLA breached in the ERP', WAIT);
    expect(s.erpSla(erpId).due).toBeNull();
    expect(s.jsm.hooks.sent.length).toBe(sent);
  });

  it('duplicated, late and out-of-order webhooks change nothing', async () => {
    const before = { messages: s.messages(erpId).length, lines: sorted(s.lineSeconds(erpId)), tickets: s.dolibarr.state().tickets.length };
    const replayed = s.jsm.hooks.sent.filter((d) => d.rawBody.includes(issueId));
    expect(replayed.length).toBeGreaterThan(3);
    // Every delivery about the request again, newest first, each twice (Jira's retries keep the identifier).
    for (const d of [...replayed].reverse()) {
      expect(await s.jsm.hooks.send(d, 1)).toBe(202);
      expect(await s.jsm.hooks.send(d, 2)).toBe(202);
    }
    await barrier(issueId, erpId);
    expect(s.erpTickets(issueId)).toHaveLength(1);
    expect(s.dolibarr.state().tickets.length).toBe(before.tickets);
    expect(sorted(s.lineSeconds(erpId))).toEqual(before.lines);
    // Only the barrier's message is new.
    expect(s.messages(erpId).length).toBe(before.messages + 1);
    expect(c().must(issueId).status.name).toBe('En attente client');
  });

  it('a new request naming the closed one gets a private ERP message pointing at the earlier ERP ticket', async () => {
    c().setStatus(issueId, 'Fermé');
    await eventually(async () => s.dolibarr.state().tickets.find((t) => t.id === erpId)?.fk_statut === 8, 'the ERP ticket closed', WAIT);
    const next = c().createRequest({
      summary: `L’imprimante est de nouveau en panne ${tag}`,
      description: `Même problème que ${issueKey}, qui a été fermé.`,
      reporter: { email: 'fred@logeas.example', name: 'Fred Martin' },
      requestType: SUPPORT_TYPE,
    });
    const erpNext = (await eventually(async () => s.erpTicket(next.id), `the ERP ticket of ${next.key}`, WAIT)).id;
    const earlierRef = s.dolibarr.state().tickets.find((t) => t.id === erpId)!.ref;
    const notes = await eventually(
      async () => {
        const found = s.messagesContaining(erpNext, earlierRef);
        return found.length ? found : undefined;
      },
      'the follow-up note',
      WAIT,
    );
    await barrier(next.id, erpNext);
    expect(notes).toHaveLength(1);
    expect(s.messagesContaining(erpNext, earlierRef)).toEqual([expect.objectContaining({ private: true })]);
    expect(s.messagesContaining(erpNext, earlierRef)[0]!.text).toContain(issueKey);
    // The note stays in the ERP: it does not come back to JSM as a comment.
    expect(
      c()
        .must(next.id)
        .comments.filter((x) => x.body.includes(earlierRef)),
    ).toEqual([]);
  });

  it('a request created while the webhook was down is caught up by the JQL poll', async () => {
    s.jsm.hooks.mode = 'drop';
    const lost = c().createRequest({
      summary: `Licence à renouveler ${tag}`,
      description: 'Renouvellement annuel.',
      reporter: { email: 'achats@logeas.example' },
      requestType: { id: '27', name: 'Licence', groupIds: ['2'] },
      priority: 'Basse',
    });
    const ticket = await eventually(async () => s.erpTicket(lost.id), `the ERP ticket of ${lost.key}`, WAIT);
    s.jsm.hooks.mode = 'forward';
    expect(ticket).toMatchObject({ type_code: 'COM', severity_code: 'LOW', fk_soc: s.customer.socid });
    expect(s.jsm.hooks.dropped.map((d) => d.event)).toContain('jira:issue_created');
  });
});
