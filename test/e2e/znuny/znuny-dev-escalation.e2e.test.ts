import { randomBytes } from 'node:crypto';
import { projeqtorTrackerFor, startProjeqtorDouble, type PqDouble } from '../../doubles/projeqtor';
import { eventually } from '../support/service-process';
import { PHONE_CUSTOMER, ZnunyScenario } from './znuny-scenario';

jest.setTimeout(120_000);

const WAIT = 30_000;
/** ProjeQtor's recorded status 4 "done" (handled + done). */
const PQ_DONE = '4';

/**
 * The story through the running service: a Znuny ticket marked as a development bug (dynamic field),
 * the ProjeQtor double as the development tracker, the Dolibarr double as the ERP.
 */
describe('Znuny → ProjeQtor dev escalation through the running service', () => {
  const tag = randomBytes(3).toString('hex');
  let s: ZnunyScenario;
  let pq: PqDouble;
  let znunyId: string;
  let number: string;
  let devId: string;

  beforeAll(async () => {
    pq = await startProjeqtorDouble();
    // The mark's field event is listed in the web service, as the README tells the Znuny administrator.
    s = await ZnunyScenario.start({
      znunyFieldEvents: ['TicketDynamicFieldUpdate_EscalateToDev'],
      env: projeqtorTrackerFor(pq).env,
      config: {
        devTrackers: projeqtorTrackerFor(pq).devTrackers,
        devEscalation: {
          enabled: true,
          tracker: 'projeqtor',
          helpdesks: {
            znuny: { marks: [{ field: 'EscalateToDev', value: 'yes' }], fields: { steps: 'StepsToReproduce', environment: 'Environment' } },
          },
          dueAfter: '8s',
          chaseEvery: '1h',
          pollSeconds: 1,
        },
      },
    });
  });

  afterAll(async () => {
    await s?.close();
    await pq?.close();
  });

  const devTickets = () => pq.control.tickets().filter((t) => t.externalReference === number);
  const internalNotes = (text: RegExp) => s.znunyTicket(znunyId).Article.filter((a) => a.IsVisibleForCustomer === 0 && text.test(a.Body));
  const nonEmpty = <T>(list: T[]) => (list.length ? list : undefined);
  const replies = (text: RegExp) => s.znuny.control.customerReplies(znunyId).filter((r) => text.test(r.Body));

  it('the ticket marked three times becomes one ProjeQtor ticket carrying the Znuny number and the bug report', async () => {
    const created = s.znuny.control.createTicket({
      title: `Invoice PDF is empty ${tag}`,
      customerUser: PHONE_CUSTOMER,
      queue: 'Support',
      priority: '4 high',
      dynamicFields: { StepsToReproduce: 'Open an invoice, click PDF', Environment: 'Dolibarr 20, Firefox 133' },
      articles: [
        {
          channel: 'Phone',
          senderType: 'customer',
          from: PHONE_CUSTOMER,
          subject: 'Invoice PDF',
          body: 'Every invoice PDF is empty since the update.',
        },
      ],
    });
    znunyId = created.ticketId;
    number = created.ticketNumber;
    await eventually(async () => s.erpTicket(znunyId), 'the ERP ticket', WAIT);
    s.znuny.control.setDynamicField(znunyId, 'EscalateToDev', 'yes');
    s.znuny.control.updateTicket(znunyId, { priority: '5 very high' });
    s.znuny.control.updateTicket(znunyId, { title: `Invoice PDF is empty (all invoices) ${tag}` });

    const dev = await eventually(async () => devTickets()[0], 'the ProjeQtor ticket', WAIT);
    devId = dev.id;
    expect(pq.control.storedDescription(devId)).toMatch(
      new RegExp(`Steps to reproduce:\\s+Open an invoice, click PDF[\\s\\S]*Environment:\\s+Dolibarr 20[\\s\\S]*Helpdesk ticket: ${number}`),
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect(devTickets()).toHaveLength(1);
  });

  it('Znuny gets the internal note with the number and link, the customer an answer without a date, and a pending reminder', async () => {
    const [note] = await eventually(async () => nonEmpty(internalNotes(/opened in the development tracker/)), 'the internal note', WAIT);
    expect(note!.Body).toContain(devId);
    expect(note!.Body).toMatch(/http/);
    const [reply] = await eventually(async () => nonEmpty(replies(/passed it to our developers/)), 'the customer answer', WAIT);
    expect(reply!.Body).toContain(devId);
    expect(reply!.Body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(s.znuny.control.pending(znunyId).state).toBe('pending reminder');

    const erp = await eventually(
      async () => {
        const t = s.erpTicket(znunyId);
        return t?.array_options.options_tb_dev_ref ? t : undefined;
      },
      'the development ref on the ERP ticket',
      WAIT,
    );
    await eventually(async () => s.messagesContaining(erp.id, 'Escalated to development').length === 1, 'the ERP private message', WAIT);
    expect(s.messagesContaining(erp.id, 'Escalated to development')[0]!.private).toBe(true);
  });

  it('once due with the ProjeQtor ticket still open, a note asks the agent to chase it', async () => {
    await eventually(async () => internalNotes(/please chase/).length === 1, 'the reminder note', WAIT);
  });

  it('when the developers are done, the Znuny ticket is reopened, the customer told, and the ERP ticket noted', async () => {
    pq.control.setStatus(devId, PQ_DONE);
    await eventually(async () => internalNotes(/is done/).length === 1, 'the done note', WAIT);
    await eventually(async () => s.znuny.control.pending(znunyId).state === 'open', 'the ticket reopened', WAIT);
    // The answer to the customer is the delivery's second TicketUpdate (one article per call): it may come just after.
    await eventually(async () => replies(/have fixed/).length === 1, 'the customer told', WAIT);
    const erpId = s.erpTicket(znunyId)!.id;
    await eventually(async () => s.messagesContaining(erpId, 'is done').length === 1, 'the ERP message about the fix', WAIT);
    expect(devTickets()).toHaveLength(1);
  });
});
