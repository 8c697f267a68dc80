import { rulesConfigSchema } from '../../../../src/config/rules-schema';
import { consumptionExtrafields, contractConsumption } from '../../../../src/sync/rules/contract-consumption';
import { contract, contractLine, intervention, interventionLine, supportContract, supportHour } from '../../../support/fakes/dolibarr-builders';

const config = rulesConfigSchema.parse({
  contract: { serviceRefs: ['SUPPORT-HOUR', 'SUPPORT-CONTRACT'], hoursPerUnit: { 'SUPPORT-CONTRACT': 20 } },
  timeZone: 'Europe/Paris',
});
const at = new Date('2026-12-04T12:00:00Z');

describe('contractConsumption: the hours a contract card shows', () => {
  const ct = contract({ id: 1, socid: 1, lines: [contractLine({ id: 10, qty: 10, dateStartReal: new Date('2026-01-01T00:00:00Z') })] });

  it('counts validated, billed and closed interventions of the contract, not drafts nor other contracts', () => {
    const interventions = [
      intervention({ id: 1, contractId: 1, status: 1, lines: [interventionLine(1, '2026-11-02T09:00:00Z', 5400)] }),
      intervention({ id: 2, contractId: 1, status: 3, lines: [interventionLine(2, '2026-12-01T09:00:00Z', 3600)] }),
      intervention({ id: 3, contractId: 1, status: 0, lines: [interventionLine(3, '2026-12-02T09:00:00Z', 7200)] }),
      intervention({ id: 4, contractId: 2, status: 1, lines: [interventionLine(4, '2026-12-02T09:00:00Z', 7200)] }),
    ];
    const c = contractConsumption(ct, interventions, [supportHour], at, config);
    expect(c).toEqual({ contractId: 1, lineId: 10, prepaidHours: 10, usedHours: 2.5, leftHours: 7.5 });
    expect(consumptionExtrafields(c!)).toEqual({ tb_hours_prepaid: 10, tb_hours_used: 2.5, tb_hours_left: 7.5 });
  });

  it('shows overage as negative hours left, and hours per unit for a yearly service', () => {
    const yearly = contract({
      id: 1,
      socid: 1,
      lines: [contractLine({ id: 11, productRef: 'SUPPORT-CONTRACT', qty: 1, dateStartReal: new Date('2026-01-01T00:00:00Z') })],
    });
    const used = [intervention({ id: 1, contractId: 1, lines: [interventionLine(1, '2026-06-01T09:00:00Z', 22 * 3600)] })];
    expect(contractConsumption(yearly, used, [supportContract], at, config)).toMatchObject({ prepaidHours: 20, usedHours: 22, leftHours: -2 });
  });

  it('an expired contract still shows its last support line; a contract without one shows nothing', () => {
    const expired = contract({
      id: 1,
      socid: 1,
      lines: [contractLine({ id: 12, status: 5, dateStartReal: new Date('2025-01-01T00:00:00Z'), dateEnd: new Date('2025-12-31T00:00:00Z') })],
    });
    expect(contractConsumption(expired, [], [supportHour], at, config)).toMatchObject({ lineId: 12, prepaidHours: 10, usedHours: 0 });
    const other = contract({ id: 1, socid: 1, lines: [contractLine({ id: 13, productRef: 'HOSTING' })] });
    expect(contractConsumption(other, [], [], at, config)).toBeNull();
  });
});
