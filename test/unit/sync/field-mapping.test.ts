import { mappingSchema } from '../../../src/config/schema';
import { categoryForErpStatus, erpStatusFor, mapTicketFields } from '../../../src/sync/shared/field-mapping';
import { checkMappingAgainstErp } from '../../../src/sync/operations/check-mapping';
import { helpdeskTicket } from '../../support/fakes/helpdesk';
import { FakeDolibarr } from '../../support/fakes/fake-dolibarr';

const mapping = mappingSchema.parse({
  types: { incident: 'ISSUE', question: 'HELP' },
  categories: { 'first level': 'OTHER' },
  severities: { high: 'HIGH', '5 very high': 'BLOCKING' },
  defaultType: 'OTHER',
  defaultSeverity: 'NORMAL',
});

describe('helpdesk fields → Dolibarr codes and statuses', () => {
  it('maps type, queue, priority and state through the configuration', () => {
    const t = helpdeskTicket({ id: '1', type: 'incident', queue: 'first level', priority: 'high', stateCategory: 'waiting_customer' });
    expect(mapTicketFields(t, mapping)).toEqual({ typeCode: 'ISSUE', categoryCode: 'OTHER', severityCode: 'HIGH', status: 5 });
  });

  it('falls back to the configured defaults for unmapped or missing values', () => {
    const t = helpdeskTicket({ id: '1', type: 'unheard-of', queue: undefined, priority: 'meh', stateCategory: 'new' });
    expect(mapTicketFields(t, mapping)).toEqual({ typeCode: 'OTHER', categoryCode: 'OTHER', severityCode: 'NORMAL', status: 0 });
  });

  it('ignores the case the helpdesk writes values in', () => {
    const t = helpdeskTicket({ id: '1', type: 'Incident', priority: '5 Very High', queue: 'FIRST LEVEL' });
    expect(mapTicketFields(t, mapping)).toMatchObject({ typeCode: 'ISSUE', severityCode: 'BLOCKING', categoryCode: 'OTHER' });
  });

  it('ignores the case the administrator wrote the keys in', () => {
    const m = mappingSchema.parse({ types: { 'Service Request': 'REQUEST' }, severities: { Critical: 'BLOCKING' } });
    const t = helpdeskTicket({ id: '1', type: 'service request', priority: 'CRITICAL' });
    expect(mapTicketFields(t, m)).toMatchObject({ typeCode: 'REQUEST', severityCode: 'BLOCKING' });
  });

  it('prefers an exact key over one that differs only in case', () => {
    const m = mappingSchema.parse({ types: { bug: 'HELP', BUG: 'ISSUE' } });
    expect(mapTicketFields(helpdeskTicket({ id: '1', type: 'BUG' }), m).typeCode).toBe('ISSUE');
    expect(mapTicketFields(helpdeskTicket({ id: '1', type: 'bug' }), m).typeCode).toBe('HELP');
  });

  it('treats a helpdesk value named like an object property as unmapped', () => {
    const t = helpdeskTicket({ id: '1', type: 'constructor', priority: '__proto__', queue: 'toString' });
    expect(mapTicketFields(t, mapping)).toMatchObject({ typeCode: 'OTHER', severityCode: 'NORMAL', categoryCode: 'OTHER' });
  });

  it.each([
    ['new', 0],
    ['open', 3],
    ['waiting_customer', 5],
    ['pending', 7],
    ['resolved', 8],
    ['closed', 8],
    ['merged', 9],
    ['removed', 9],
  ] as const)('maps the default state category %s to Dolibarr status %i', (category, status) => {
    expect(erpStatusFor(category, mappingSchema.parse({}))).toBe(status);
  });

  it('names the category when the configured status table lacks it', () => {
    const m = { ...mappingSchema.parse({}), statusToErp: { new: 0 } };
    expect(() => erpStatusFor('pending', m)).toThrow(/statusToErp.*pending/);
  });

  it('maps Dolibarr statuses back to categories; read, assigned and in progress are all "open"', () => {
    const m = mappingSchema.parse({});
    expect([0, 1, 2, 3, 5, 7, 8, 9].map((s) => categoryForErpStatus(s, m))).toEqual([
      'new',
      'open',
      'open',
      'open',
      'waiting_customer',
      'pending',
      'closed',
      'removed',
    ]);
    expect(categoryForErpStatus(4, m)).toBeUndefined();
  });
});

describe('checkMappingAgainstErp', () => {
  it('finds nothing wrong when every code exists in the live dictionaries', async () => {
    expect(await checkMappingAgainstErp(mapping, new FakeDolibarr())).toEqual([]);
  });

  it('names the configuration key and the unknown code, per dictionary', async () => {
    const bad = mappingSchema.parse({
      types: { incident: 'ISSUEX' },
      categories: { sales: 'SALES' },
      severities: {},
      defaultSeverity: 'URGENT',
    });
    const problems = await checkMappingAgainstErp(bad, new FakeDolibarr());
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^mapping\.types\.incident: unknown ticket type code ISSUEX \(Dolibarr has .*ISSUE.*\)$/);
    expect(problems[1]).toMatch(/^mapping\.categories\.sales: unknown ticket category code SALES/);
    expect(problems[2]).toMatch(/^mapping\.defaultSeverity: unknown ticket severity code URGENT/);
  });
});
