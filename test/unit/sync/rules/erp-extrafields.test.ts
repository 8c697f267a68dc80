import { readExtrafield } from '../../../../src/sync/rules/erp-extrafields';
import { ensureErpExtrafields } from '../../../../src/sync/operations/setup-erp-extrafields';
import { FakeDolibarr } from '../../../support/fakes/fake-dolibarr';

describe('ensureErpExtrafields', () => {
  it('creates only the missing extrafields, and nothing on a second run', async () => {
    const api = new FakeDolibarr();
    // As in extrafields_list_fichinter: tb_billed_invoice already exists.
    api.extrafields.push({ elementType: 'fichinter', attrname: 'tb_billed_invoice', label: 'Billed by invoice', type: 'varchar' });
    const first = await ensureErpExtrafields(api);
    expect(first.created).toEqual([
      { elementType: 'ticket', attrname: 'tb_duration' },
      { elementType: 'ticket', attrname: 'tb_helpdesk_source' },
      { elementType: 'ticket', attrname: 'tb_helpdesk_id' },
      { elementType: 'ticket', attrname: 'tb_hd_sla_due' },
      { elementType: 'ticket', attrname: 'tb_hd_sla_status' },
      ...['tb_sla_policy', 'tb_sla_first_due', 'tb_sla_resol_due', 'tb_sla_used_min', 'tb_sla_status'].map((attrname) => ({ elementType: 'ticket', attrname })),
      { elementType: 'fichinter', attrname: 'tb_helpdesk_entry' },
    ]);
    expect(first.existing).toEqual([{ elementType: 'fichinter', attrname: 'tb_billed_invoice' }]);
    const writes = api.writes.length;
    const second = await ensureErpExtrafields(api);
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(12);
    expect(api.writes).toHaveLength(writes);
  });
});

describe('readExtrafield', () => {
  it('reads a value with or without the options_ prefix and treats empty as absent', () => {
    expect(readExtrafield({ tb_billed_invoice: 'FA2611-0001' }, 'tb_billed_invoice')).toBe('FA2611-0001');
    expect(readExtrafield({ options_tb_billed_invoice: 12 }, 'tb_billed_invoice')).toBe('12');
    expect(readExtrafield({ tb_billed_invoice: '' }, 'tb_billed_invoice')).toBeNull();
  });
});
