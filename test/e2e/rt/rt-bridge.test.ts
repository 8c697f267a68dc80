import { randomBytes } from 'node:crypto';
import { describeWithRt } from '../../rt/rt-env';
import { RtStaff, rtAdapterFor } from '../../rt/rt-staff';
import { eventually } from '../support/service-process';
import { BridgeUnderTest } from './bridge-under-test';
import { ErpView, RtView } from './views';

jest.setTimeout(180_000);

const WAIT = 60_000;
const MIN = 60;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/**
 * The running service (a separate `ticketbridge start` process) between the real RT and the Dolibarr double.
 * The steps build on each other, one customer and a few tickets, like a day at the support desk.
 */
describeWithRt('RT ⇄ Dolibarr through the running service', 'e2e', (env) => {
  const tag = randomBytes(3).toString('hex');
  const staff = new RtStaff(env);
  const rt = new RtView(staff, rtAdapterFor(env, 'rt'));
  let bridge: BridgeUnderTest;
  let erp: ErpView;
  let ticketA: string;
  let erpA: number;

  beforeAll(async () => {
    bridge = await BridgeUnderTest.create(env);
    erp = new ErpView(bridge.double);
    await bridge.start();
  });

  afterAll(async () => {
    await bridge?.dispose();
  });

  /** A public reply in RT that is mirrored proves the bridge has seen every earlier transaction of the ticket. */
  async function barrier(rtId: string, erpId: number): Promise<void> {
    const text = `barrier ${randomBytes(4).toString('hex')}`;
    await staff.message('correspond', rtId, text);
    await eventually(async () => erp.messagesContaining(erpId, text).length === 1, `barrier "${text}" in the ERP`, WAIT);
  }

  it('a ticket created in RT for a known customer becomes one ERP ticket on its third party and contract', async () => {
    ticketA = await staff.createTicket({
      subject: `Printer on fire ${tag}`,
      requestor: bridge.customer.email,
      content: 'The printer in room 4 is on fire.',
    });
    const ticket = await eventually(async () => erp.ticketFor(ticketA), `the ERP ticket of RT #${ticketA}`, WAIT);
    erpA = ticket.id;
    expect(ticket.ref).toBe(`HD-${ticketA}`);
    expect(ticket.subject).toBe(`Printer on fire ${tag}`);
    expect(ticket.message).toContain('The printer in room 4 is on fire.');
    expect(ticket.fk_soc).toBe(bridge.customer.socid);
    expect(ticket.fk_contract).toBe(bridge.customer.contractId);
    await eventually(async () => (await rt.customField(ticketA, env.customFields.erpRef)) === ticket.ref, 'the ERP ref in RT', WAIT);
    await eventually(
      async () => (await rt.customField(ticketA, env.customFields.contract)) === bridge.customer.contractRef,
      'the contract in RT',
      WAIT,
    );
    expect(erp.ticketsFor(ticketA)).toHaveLength(1);
  });

  it('a correspondence and a comment with time become one public and one private ERP message and two intervention lines', async () => {
    await staff.message('correspond', ticketA, `We are on our way ${tag}`, 15);
    await staff.message('comment', ticketA, `Internal: toner cartridge melted ${tag}`, 30);
    await eventually(async () => erp.messagesContaining(erpA, `Internal: toner cartridge melted ${tag}`).length > 0, 'the comment in the ERP', WAIT);
    await eventually(async () => sum(erp.lineSeconds(erpA)) === 45 * MIN, 'intervention lines for 45 minutes', WAIT);
    await barrier(ticketA, erpA);

    expect(erp.messagesContaining(erpA, `We are on our way ${tag}`)).toEqual([expect.objectContaining({ private: false })]);
    expect(erp.messagesContaining(erpA, `Internal: toner cartridge melted ${tag}`)).toEqual([expect.objectContaining({ private: true })]);
    expect(sorted(erp.lineSeconds(erpA))).toEqual([15 * MIN, 30 * MIN]);
    await eventually(async () => (await rt.customField(ticketA, env.customFields.duration)) === '45 min', 'the duration (45 min) in RT', WAIT);
    expect(erp.durationHours(erpA)).toBe(0.75);
  });

  it("an ERP status change and an ERP user's message reach RT as the RT status and one RT comment", async () => {
    await erp.userAction('ticket-status', { ticketId: erpA, status: 5 });
    await erp.userAction('ticket-message', { ticketId: erpA, message: `Please send the printer's serial number ${tag}`, private: false });
    await eventually(async () => (await rt.status(ticketA)) === 'stalled', 'RT status stalled (waiting for the customer)', WAIT);
    await eventually(async () => (await rt.commentsContaining(ticketA, `serial number ${tag}`)).length > 0, "the ERP user's message in RT", WAIT);
    // A second ERP message that arrives proves every earlier one was handled.
    await erp.userAction('ticket-message', { ticketId: erpA, message: `erp barrier ${tag}`, private: true });
    await eventually(async () => (await rt.commentsContaining(ticketA, `erp barrier ${tag}`)).length === 1, 'the ERP barrier in RT', WAIT);

    expect(await rt.commentsContaining(ticketA, `serial number ${tag}`)).toHaveLength(1);
    expect(await rt.articlesContaining(ticketA, `serial number ${tag}`)).toEqual([expect.objectContaining({ internal: true })]);
    expect(await rt.commentsContaining(ticketA, 'changed status to waiting for information')).toHaveLength(1);
    expect(await rt.status(ticketA)).toBe('stalled');
    expect(bridge.double.state().tickets.find((t) => t.id === erpA)!.fk_statut).toBe(5);
  });

  it('does not echo its own writes: its ERP messages do not come back to RT, its RT comments do not go back to the ERP', async () => {
    await barrier(ticketA, erpA);
    await erp.userAction('ticket-message', { ticketId: erpA, message: `erp barrier 2 ${tag}`, private: false });
    await eventually(async () => (await rt.commentsContaining(ticketA, `erp barrier 2 ${tag}`)).length === 1, 'the second ERP barrier in RT', WAIT);
    await barrier(ticketA, erpA);

    // RT → ERP messages exist once in RT (the technician's own), never as a bridge comment.
    expect(await rt.articlesContaining(ticketA, `We are on our way ${tag}`)).toEqual([{ body: expect.any(String), internal: false }]);
    expect(await rt.articlesContaining(ticketA, `Internal: toner cartridge melted ${tag}`)).toHaveLength(1);
    // ERP → RT comments exist once in the ERP (the ERP user's own), never mirrored back.
    expect(erp.messagesContaining(erpA, `serial number ${tag}`)).toHaveLength(1);
    expect(erp.messagesContaining(erpA, `erp barrier ${tag}`)).toHaveLength(1);
    expect(erp.messagesContaining(erpA, 'Message written in the ERP')).toEqual([]);
    expect(erp.messagesContaining(erpA, 'changed status to')).toEqual([]);
    expect(erp.ticketsFor(ticketA)).toHaveLength(1);
  });

  it('a merge in RT closes the merged ticket in the ERP with a private message naming the target, without counting its time twice', async () => {
    const ticketB = await staff.createTicket({ subject: `Same printer ${tag}`, requestor: bridge.customer.email, content: 'Smoke again.' });
    await staff.message('correspond', ticketB, `Checking the smoke ${tag}`, 20);
    const erpB = (await eventually(async () => erp.ticketFor(ticketB), `the ERP ticket of RT #${ticketB}`, WAIT)).id;
    await eventually(async () => sum(erp.lineSeconds(erpB)) === 20 * MIN, 'the 20 minutes of the second ticket', WAIT);

    await staff.merge(ticketB, ticketA);
    const closedB = await eventually(
      async () => bridge.double.state().tickets.find((t) => t.id === erpB && t.fk_statut === 9),
      'the merged ERP ticket closed',
      WAIT,
    );
    expect(closedB.fk_statut).toBe(9);
    await eventually(async () => erp.messagesContaining(erpB, 'merged').length > 0, 'the merge message', WAIT);
    await barrier(ticketA, erpA);

    const mergeNotes = erp.messagesContaining(erpB, 'merged');
    expect(mergeNotes).toHaveLength(1);
    expect(mergeNotes[0]!.private).toBe(true);
    expect(mergeNotes[0]!.text).toContain(ticketA);
    expect(mergeNotes[0]!.text).toContain(`HD-${ticketA}`);
    // 15 + 30 on A, 20 on B: the merged-in transaction is not turned into a second line on A.
    expect(sorted(erp.allLineSeconds(bridge.customer.socid))).toEqual([15 * MIN, 20 * MIN, 30 * MIN]);
    expect(erp.ticketsFor(ticketA)).toHaveLength(1);
    expect(erp.ticketsFor(ticketB)).toHaveLength(1);
    // RT shows the merged ticket's conversation on the target, and so does the target's ERP ticket: once.
    expect(erp.messagesContaining(erpA, `Checking the smoke ${tag}`)).toEqual([expect.objectContaining({ private: false })]);
  });

  it('a poll stopped mid-way (SIGTERM) and started again reaches the same end state with nothing duplicated', async () => {
    const ticketC = await staff.createTicket({ subject: `Scanner jam ${tag}`, requestor: bridge.customer.email, content: 'Paper jam.' });
    for (let i = 1; i <= 3; i++) await staff.message('correspond', ticketC, `Scanner step ${i} ${tag}`, 5 * i);
    await eventually(async () => erp.ticketFor(ticketC), `the ERP ticket of RT #${ticketC}`, WAIT);
    expect(await bridge.service!.stop()).toBe(0);

    await staff.message('comment', ticketC, `Scanner while the bridge was down ${tag}`, 7);
    await bridge.start();
    const erpC = erp.ticketFor(ticketC)!.id;
    await eventually(async () => sum(erp.lineSeconds(erpC)) === (5 + 10 + 15 + 7) * MIN, 'all the scanner time', WAIT);
    await barrier(ticketC, erpC);

    for (let i = 1; i <= 3; i++) expect(erp.messagesContaining(erpC, `Scanner step ${i} ${tag}`)).toHaveLength(1);
    expect(erp.messagesContaining(erpC, `Scanner while the bridge was down ${tag}`)).toEqual([expect.objectContaining({ private: true })]);
    expect(sorted(erp.lineSeconds(erpC))).toEqual([5 * MIN, 7 * MIN, 10 * MIN, 15 * MIN]);
    expect(erp.ticketsFor(ticketC)).toHaveLength(1);
  });

  it('the worker killed mid-job (SIGKILL) and started again reaches the same end state with nothing duplicated', async () => {
    // The ticket's whole history is written while the bridge is stopped: a poll between the RT calls would start a
    // job with only part of the time, and every later job of the ticket would hang on the fault below before
    // adding the rest, so the 30 minutes would never arrive.
    expect(await bridge.service!.stop()).toBe(0);
    const ticketD = await staff.createTicket({ subject: `Network down ${tag}`, requestor: bridge.customer.email, content: 'No network.' });
    await staff.message('correspond', ticketD, `Rebooting the switch ${tag}`, 12);
    await staff.message('comment', ticketD, `Switch firmware is old ${tag}`, 18);
    // Reading one intervention back hangs from now on: the job that mirrors the ticket stops right after it has
    // posted the messages and added the intervention lines, before it tells RT about them, and is killed there.
    await erp.fault({ kind: 'hang', method: 'GET', path: '^/interventions/\\d+$', times: 1000 });
    await bridge.start();
    const erpD = (await eventually(async () => erp.ticketFor(ticketD), `the ERP ticket of RT #${ticketD}`, WAIT)).id;
    await eventually(async () => sum(erp.lineSeconds(erpD)) === 30 * MIN, 'the lines added before the kill', WAIT);
    await bridge.service!.kill();
    await erp.clearFaults();

    await bridge.start();
    await eventually(async () => (await rt.customField(ticketD, env.customFields.duration)) === '30 min', 'the duration (30 min) in RT', WAIT);
    await barrier(ticketD, erpD);

    expect(erp.ticketsFor(ticketD)).toHaveLength(1);
    expect(erp.messagesContaining(erpD, `Rebooting the switch ${tag}`)).toEqual([expect.objectContaining({ private: false })]);
    expect(erp.messagesContaining(erpD, `Switch firmware is old ${tag}`)).toEqual([expect.objectContaining({ private: true })]);
    expect(sorted(erp.lineSeconds(erpD))).toEqual([12 * MIN, 18 * MIN]);
    // The default note policy writes no note for an intervention: RT gets the duration field only.
    expect(await rt.commentsContaining(ticketD, 'Intervention')).toHaveLength(0);
  });

  it('an agent escalates a ticket to development: one ProjeQtor ticket however often asked, the requestor answered, Due set, a chase once due, reopened when done', async () => {
    const ticketE = await staff.createTicket({
      subject: `CSV export crashes ${tag}`,
      requestor: bridge.customer.email,
      content: 'The export crashes on 2,000 rows.',
    });
    await eventually(async () => erp.ticketFor(ticketE), `the ERP ticket of RT #${ticketE}`, WAIT);
    for (let i = 0; i < 3; i += 1) expect((await bridge.admin('POST', `/api/tickets/rt/${ticketE}/dev-escalation`)).status).toBe(202);
    const pq = bridge.projeqtor.control;
    const dev = await eventually(async () => pq.tickets().find((t) => t.externalReference === ticketE), 'the ProjeQtor ticket', WAIT);
    await eventually(
      async () => (await rt.commentsContaining(ticketE, 'opened in the development tracker')).length === 1,
      'the internal comment',
      WAIT,
    );
    expect((await rt.commentsContaining(ticketE, 'opened in the development tracker'))[0]).toContain(dev.id);
    const answered = async () => (await staff.correspondences(ticketE)).filter((c) => c.includes('passed it to our developers'));
    await eventually(async () => (await answered()).length === 1, 'the answer to the requestor', WAIT);
    expect((await answered())[0]).toContain(dev.id);
    expect((await staff.ticket(ticketE)).Due).not.toBe('1970-01-01T00:00:00Z');
    await staff.update(ticketE, { Status: 'stalled' });

    await eventually(async () => (await rt.commentsContaining(ticketE, 'please chase')).length === 1, 'the chase comment once due', WAIT);
    pq.setStatus(dev.id, '4');
    await eventually(async () => (await rt.status(ticketE)) === 'open', 'the RT ticket reopened', WAIT);
    await eventually(async () => (await staff.correspondences(ticketE)).some((c) => c.includes('have fixed')), 'the requestor told', WAIT);
    expect(pq.tickets().filter((t) => t.externalReference === ticketE)).toHaveLength(1);
  });

  it('after all of it, every RT ticket still has exactly one ERP ticket and the earlier ones changed no more', async () => {
    expect(erp.ticketsFor(ticketA)).toHaveLength(1);
    expect(erp.messagesContaining(erpA, `We are on our way ${tag}`)).toHaveLength(1);
    expect(sorted(erp.lineSeconds(erpA))).toEqual([15 * MIN, 30 * MIN]);
    expect(await rt.commentsContaining(ticketA, `serial number ${tag}`)).toHaveLength(1);
  });
});
