import { ERP_EXTRAFIELD_DEFINITIONS, readExtrafield } from '../../../../src/sync/rules/erp-extrafields';
import { ensureErpExtrafields } from '../../../../src/sync/operations/setup-erp-extrafields';
import { FakeDolibarr } from '../../../support/fakes/fake-dolibarr';

const ALL_ON = { sla: true, devEscalation: true };

describe('ensureErpExtrafields', () => {
  it('creates the missing extrafields, corrects the label and visibility of older ones, and changes nothing on a second run', async () => {
    const api = new FakeDolibarr();
    // As an earlier version created it (extrafields_list_fichinter): visible to users, raw id label.
    api.extrafields.push({
      elementType: 'fichinter',
      attrname: 'tb_billed_invoice',
      label: 'Billed by invoice',
      type: 'varchar',
      visibility: '1',
      position: 100,
    });
    const first = await ensureErpExtrafields(api, ALL_ON);
    expect(first.updated).toEqual([{ elementType: 'fichinter', attrname: 'tb_billed_invoice' }]);
    expect(first.created).toHaveLength(ERP_EXTRAFIELD_DEFINITIONS.length - 1);
    expect(first.created).toContainEqual({ elementType: 'contrat', attrname: 'tb_hours_left' });
    const marker = api.extrafields.find((e) => e.attrname === 'tb_billed_invoice');
    expect(marker).toMatchObject({ visibility: '0', type: 'varchar' });
    const writes = api.writes.length;
    const second = await ensureErpExtrafields(api, ALL_ON);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.existing).toHaveLength(ERP_EXTRAFIELD_DEFINITIONS.length);
    expect(api.writes).toHaveLength(writes);
  });

  it('creates no field of a switched-off feature, and hides one an earlier setup showed', async () => {
    const api = new FakeDolibarr();
    api.extrafields.push({
      elementType: 'ticket',
      attrname: 'tb_dev_ref',
      label: 'Development issue',
      type: 'varchar',
      visibility: '5',
      position: 111,
    });
    const result = await ensureErpExtrafields(api, { sla: false, devEscalation: false });
    const names = api.extrafields.map((e) => e.attrname);
    expect(names).not.toContain('tb_sla_status');
    expect(names).not.toContain('tb_dev_url');
    expect(names).toContain('tb_helpdesk_ticket');
    expect(result.updated).toEqual([{ elementType: 'ticket', attrname: 'tb_dev_ref' }]);
    expect(api.extrafields.find((e) => e.attrname === 'tb_dev_ref')?.visibility).toBe('0');
  });

  it('hides machine keys from users and shows what they read', () => {
    const visibility = Object.fromEntries(ERP_EXTRAFIELD_DEFINITIONS.map(({ def }) => [def.attrname, def.visibility]));
    expect(visibility).toMatchObject({ tb_helpdesk_source: 0, tb_helpdesk_id: 0, tb_billed_invoice: 0, tb_helpdesk_entry: 0, tb_duration: 0 });
    expect(visibility).toMatchObject({ tb_helpdesk_ticket: 5, tb_helpdesk_url: 5, tb_invoice: 5, tb_contract: 5, tb_hours_used: 5 });
  });
});

describe('readExtrafield', () => {
  it('reads a value with or without the options_ prefix and treats empty as absent', () => {
    expect(readExtrafield({ tb_billed_invoice: 'FA2611-0001' }, 'tb_billed_invoice')).toBe('FA2611-0001');
    expect(readExtrafield({ options_tb_billed_invoice: 12 }, 'tb_billed_invoice')).toBe('12');
    expect(readExtrafield({ tb_billed_invoice: '' }, 'tb_billed_invoice')).toBeNull();
  });
});
