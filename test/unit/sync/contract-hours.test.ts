import { refreshContractHours } from '../../../src/sync/shared/refresh-contract-hours';
import { reflectIntervention } from '../../../src/sync/reflect/reflect-objects';
import { contract, contractLine, intervention, interventionLine, supportHour } from '../../support/fakes/dolibarr-builders';
import { makeEngine } from '../../support/fakes/engine';
import { helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';
import { interventionsStep } from '../../../src/sync/mirror/interventions-step';
import type { MirrorContext } from '../../../src/sync/mirror/mirror-context';
import type { KnownErpTicket } from '../../../src/sync/ports';
import type { TimeEntry } from '../../../src/plugin-sdk';

function engine() {
  const e = makeEngine();
  e.erp.products.push(supportHour);
  e.erp.contracts.push(contract({ id: 1, socid: 5, lines: [contractLine({ id: 10, qty: 10, dateStartReal: new Date('2026-01-01T00:00:00Z') })] }));
  return e;
}

describe('contract support hours on the contract card', () => {
  it('writes prepaid, used and left from the validated interventions, and nothing when unchanged', async () => {
    const e = engine();
    e.erp.interventions.push(
      intervention({ id: 1, socid: 5, contractId: 1, status: 1, lines: [interventionLine(1, '2026-11-02T09:00:00Z', 5400)] }),
      intervention({ id: 2, socid: 5, contractId: 1, status: 0, lines: [interventionLine(2, '2026-11-03T09:00:00Z', 3600)] }),
    );
    await refreshContractHours(1, e.deps);
    expect(e.erp.contracts[0].extrafields).toEqual({ tb_hours_prepaid: 10, tb_hours_used: 1.5, tb_hours_left: 8.5 });
    const writes = e.erp.writes.length;
    // Dolibarr reads doubles back as strings ("1.50000000").
    e.erp.contracts[0].extrafields = {
      options_tb_hours_prepaid: '10.00000000',
      options_tb_hours_used: '1.50000000',
      options_tb_hours_left: '8.50000000',
    };
    await refreshContractHours(1, e.deps);
    expect(e.erp.writes).toHaveLength(writes);
  });

  it('an intervention validated, or deleted in Dolibarr, moves the hours of its contract', async () => {
    const e = engine();
    e.erp.interventions.push(intervention({ id: 3, socid: 5, contractId: 1, status: 1, lines: [interventionLine(3, '2026-11-02T09:00:00Z', 7200)] }));
    await reflectIntervention(3, e.deps);
    expect(e.erp.contracts[0].extrafields).toMatchObject({ tb_hours_used: 2, tb_hours_left: 8 });
    e.erp.interventions = [];
    await reflectIntervention(3, e.deps, 1);
    expect(e.erp.contracts[0].extrafields).toMatchObject({ tb_hours_used: 0, tb_hours_left: 10 });
  });
});

describe('time booked on a ticket of a contract', () => {
  it("drops the cached contract answers when the bridge writes the contract's interventions, not when nothing changed", async () => {
    const e = engine();
    const key = { helpdeskId: 'znuny', ticketId: '17' };
    const entry: TimeEntry = { id: 'te-1', seconds: 3600, start: new Date('2026-11-20T09:00:00Z') };
    const ctx = {
      key,
      snapshot: snapshot(helpdeskTicket({ id: '17' }), [], [entry]),
      link: { ...key, helpdeskNumber: '202617', erpId: 900, erpRef: 'HD-202617', trackId: 'tb_znuny_3137' },
      erpTicket: { id: 900, socid: 5, contractId: 1 } as KnownErpTicket,
      created: false,
      helpdeskStates: { mirrored: null, delivered: null },
      pendingUpdate: {},
      unsettled: [],
    } as MirrorContext;
    await interventionsStep.run(ctx, e.deps);
    expect(e.erp.interventions.flatMap((i) => i.lines)).toHaveLength(1);
    expect(e.accountCaches.contractInvalidations).toBe(1);
    await interventionsStep.run(ctx, e.deps);
    expect(e.accountCaches.contractInvalidations).toBe(1);
  });
});
