import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { helpdeskSlaStep } from '../../../src/sync/mirror/helpdesk-sla-step';
import { makeEngine } from '../../support/fakes/engine';
import { helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };
const due = new Date('2026-11-23T10:15:00Z');

function engine() {
  const e = makeEngine();
  e.deps.steps = [helpdeskSlaStep];
  e.erp.addThirdParty({ id: 5, name: 'ACME', email: 'contact@acme.example' });
  e.erp.addContact({ id: 50, socid: 5, email: 'alice@acme.example' });
  return e;
}

describe('mirrorTicket: SLA', () => {
  it('writes the SLA status and next due date to the ERP ticket, and nothing more while they stay the same', async () => {
    const e = engine();
    e.helpdesk.put({ ...snapshot(helpdeskTicket({ id: '17' })), helpdeskSla: { status: 'ok', nextDueAt: due } });
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0]!.extrafields).toMatchObject({ tb_hd_sla_status: 'ok', tb_hd_sla_due: due.getTime() / 1000 });

    const writes = e.erp.writes.length;
    await mirrorTicket(key, e.deps);
    expect(e.erp.writes).toHaveLength(writes);
  });

  it('shows a breach, and clears the due date when no cycle is running', async () => {
    const e = engine();
    e.helpdesk.put({ ...snapshot(helpdeskTicket({ id: '17' })), helpdeskSla: { status: 'ok', nextDueAt: due } });
    await mirrorTicket(key, e.deps);
    e.helpdesk.put({ ...snapshot(helpdeskTicket({ id: '17' })), helpdeskSla: { status: 'breached' } });
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0]!.extrafields).toMatchObject({ tb_hd_sla_status: 'breached', tb_hd_sla_due: null });
  });

  it('leaves the ERP values alone when the helpdesk reports no SLA', async () => {
    const e = engine();
    e.helpdesk.put({ ...snapshot(helpdeskTicket({ id: '17' })), helpdeskSla: { status: 'paused' } });
    await mirrorTicket(key, e.deps);
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0]!.extrafields).toMatchObject({ tb_hd_sla_status: 'paused' });
  });
});
