import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { referenceStep } from '../../../src/sync/mirror/reference-step';
import { makeEngine } from '../../support/fakes/engine';
import { helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const source = 'znuny';

/** Ticket 10 mirrored, then set to a status in the ERP; ticket 11 names it. */
async function followUp(earlierStatus: number) {
  const e = makeEngine();
  e.deps.steps = [referenceStep];
  e.erp.addThirdParty({ id: 5, name: 'ACME', email: 'contact@acme.example' });
  e.erp.addContact({ id: 50, socid: 5, email: 'alice@acme.example' });
  e.helpdesk.put(snapshot(helpdeskTicket({ id: '10', number: 'SPT-10' })));
  await mirrorTicket({ helpdeskId: source, ticketId: '10' }, e.deps);
  e.erp.tickets[0]!.status = earlierStatus;
  e.helpdesk.put(snapshot(helpdeskTicket({ id: '11', number: 'SPT-11', references: ['10', '11', '999'] })));
  await mirrorTicket({ helpdeskId: source, ticketId: '11' }, e.deps);
  const newErpId = e.erp.tickets[1]!.id;
  const notes = () => e.erp.messages.filter((m) => m.elementId === newErpId && (m.note ?? '').includes('follows up'));
  return { e, notes };
}

describe('mirrorTicket: a new ticket naming a closed one', () => {
  it('gets one private message naming the earlier ticket and its ERP ticket, however often it is mirrored', async () => {
    const { e, notes } = await followUp(8);
    expect(notes()).toHaveLength(1);
    expect(notes()[0]).toMatchObject({ code: 'TICKET_MSG_PRIVATE' });
    expect(notes()[0]!.note).toContain('SPT-10');
    expect(notes()[0]!.note).toContain('HD-SPT-10');
    await mirrorTicket({ helpdeskId: source, ticketId: '11' }, e.deps);
    expect(notes()).toHaveLength(1);
  });

  it('says nothing when the ticket it names is still open', async () => {
    const { notes } = await followUp(3);
    expect(notes()).toEqual([]);
  });
});
