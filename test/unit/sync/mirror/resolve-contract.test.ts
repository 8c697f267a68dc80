import { rulesConfigSchema } from '../../../../src/config/rules-schema';
import { resolveContract } from '../../../../src/sync/mirror/resolve-contract';
import { FakeDolibarr } from '../../../support/fakes/fake-dolibarr';
import { contract, contractLine, intervention, interventionLine, supportContract, supportHour } from '../../../support/fakes/dolibarr-builders';

const ticketDate = new Date('2026-06-15T10:00:00Z');
const d = (s: string) => new Date(s);

function setup(rules: Record<string, unknown> = {}) {
  const erp = new FakeDolibarr();
  erp.products.push(supportHour, supportContract);
  const config = rulesConfigSchema.parse(rules);
  return { erp, deps: { erp, config } };
}

describe('resolveContract', () => {
  it('covers with a running prepaid-hours line and subtracts the hours of the contract interventions', async () => {
    const { erp, deps } = setup();
    erp.contracts.push(
      contract({
        id: 2,
        socid: 1,
        lines: [contractLine({ id: 2, qty: 10, dateStart: d('2026-01-01T00:00:00Z'), dateStartReal: d('2026-01-02T09:00:00Z') })],
      }),
    );
    erp.interventions.push(
      intervention({
        id: 1,
        contractId: 2,
        lines: [interventionLine(1, '2026-03-01T10:00:00Z', 5400), interventionLine(2, '2026-03-02T10:00:00Z', 900)],
      }),
    );
    erp.interventions.push(intervention({ id: 2, contractId: 2, lines: [], durationSeconds: 3600 }));
    await expect(resolveContract(1, ticketDate, 'ISSUE', deps)).resolves.toEqual({
      kind: 'covered',
      contractId: 2,
      contractRef: 'CT2611-0002',
      lineId: 2,
      productRef: 'SUPPORT-HOUR',
      prepaidHours: 10,
      usedHours: 2.75,
      remainingHours: 7.25,
    });
  });

  it('does not cover with a contract that ended yesterday', async () => {
    const { erp, deps } = setup();
    erp.contracts.push(
      contract({ id: 1, socid: 1, lines: [contractLine({ id: 1, dateStartReal: d('2025-06-15T08:00:00Z'), dateEnd: d('2026-06-14T21:59:59Z') })] }),
    );
    await expect(resolveContract(1, ticketDate, 'ISSUE', deps)).resolves.toEqual({ kind: 'none', reason: 'no covering contract' });
  });

  it('still covers on the last day of the contract, in the configured time zone', async () => {
    const { erp, deps } = setup();
    // Ends 2026-06-15 00:30 Paris time (22:30Z the day before): the whole 15th is covered.
    erp.contracts.push(
      contract({ id: 1, socid: 1, lines: [contractLine({ id: 1, dateStartReal: d('2025-06-15T08:00:00Z'), dateEnd: d('2026-06-14T22:30:00Z') })] }),
    );
    await expect(resolveContract(1, ticketDate, 'ISSUE', deps)).resolves.toMatchObject({ kind: 'covered', contractId: 1 });
  });

  it('does not cover with a line that was never activated (status 0)', async () => {
    const { erp, deps } = setup();
    erp.contracts.push(contract({ id: 1, socid: 1, lines: [contractLine({ id: 1, status: 0, dateStart: d('2026-01-01T00:00:00Z') })] }));
    await expect(resolveContract(1, ticketDate, null, deps)).resolves.toEqual({ kind: 'none', reason: 'no covering contract' });
  });

  it('does not cover with a closed line or a service that is not a support service', async () => {
    const { erp, deps } = setup();
    erp.contracts.push(
      contract({
        id: 1,
        socid: 1,
        lines: [
          contractLine({ id: 1, status: 5, dateStartReal: d('2026-01-01T00:00:00Z'), dateEndReal: d('2026-12-31T00:00:00Z') }),
          contractLine({ id: 2, productRef: 'HOSTING', dateStartReal: d('2026-01-01T00:00:00Z') }),
        ],
      }),
    );
    await expect(resolveContract(1, ticketDate, null, deps)).resolves.toMatchObject({ kind: 'none' });
  });

  it('picks the most specific of two covering lines: the shorter period', async () => {
    const { erp, deps } = setup({ contract: { hoursPerUnit: { 'SUPPORT-CONTRACT': 40 } } });
    erp.contracts.push(
      contract({
        id: 1,
        socid: 1,
        lines: [
          contractLine({
            id: 1,
            productRef: 'SUPPORT-CONTRACT',
            qty: 1,
            dateStartReal: d('2026-01-01T00:00:00Z'),
            dateEnd: d('2026-12-31T00:00:00Z'),
          }),
        ],
      }),
    );
    erp.contracts.push(
      contract({
        id: 2,
        socid: 1,
        lines: [contractLine({ id: 5, qty: 5, dateStartReal: d('2026-06-01T00:00:00Z'), dateEnd: d('2026-06-30T00:00:00Z') })],
      }),
    );
    await expect(resolveContract(1, ticketDate, null, deps)).resolves.toMatchObject({ kind: 'covered', contractId: 2, lineId: 5, prepaidHours: 5 });
  });

  it('between two open-ended lines, the latest start wins', async () => {
    const { erp, deps } = setup();
    erp.contracts.push(
      contract({
        id: 1,
        socid: 1,
        lines: [contractLine({ id: 1, dateStartReal: d('2025-01-01T00:00:00Z') }), contractLine({ id: 2, dateStartReal: d('2026-02-01T00:00:00Z') })],
      }),
    );
    await expect(resolveContract(1, ticketDate, null, deps)).resolves.toMatchObject({ lineId: 2 });
  });

  it('does not count hours for a yearly service unless hours per unit are configured', async () => {
    const { erp, deps } = setup();
    erp.contracts.push(
      contract({
        id: 1,
        socid: 1,
        lines: [contractLine({ id: 1, productRef: 'SUPPORT-CONTRACT', qty: 1, dateStartReal: d('2026-01-01T00:00:00Z') })],
      }),
    );
    await expect(resolveContract(1, ticketDate, null, deps)).resolves.toMatchObject({ kind: 'covered', prepaidHours: null, remainingHours: null });
  });

  it('does not cover a ticket type configured as not covered', async () => {
    const { erp, deps } = setup();
    erp.contracts.push(contract({ id: 1, socid: 1, lines: [contractLine({ id: 1, dateStartReal: d('2026-01-01T00:00:00Z') })] }));
    await expect(resolveContract(1, ticketDate, 'REQUEST', deps)).resolves.toEqual({ kind: 'none', reason: 'type not covered' });
  });

  it('reports a negative remainder once the prepaid hours are exceeded', async () => {
    const { erp, deps } = setup();
    erp.contracts.push(contract({ id: 1, socid: 1, lines: [contractLine({ id: 1, qty: 1, dateStartReal: d('2026-01-01T00:00:00Z') })] }));
    erp.interventions.push(intervention({ id: 1, contractId: 1, lines: [interventionLine(1, '2026-03-01T10:00:00Z', 5400)] }));
    await expect(resolveContract(1, ticketDate, null, deps)).resolves.toMatchObject({ prepaidHours: 1, usedHours: 1.5, remainingHours: -0.5 });
  });

  it('refuses a bad socid', async () => {
    const { deps } = setup();
    await expect(resolveContract(0, ticketDate, null, deps)).rejects.toThrow(/socid/);
  });
});
