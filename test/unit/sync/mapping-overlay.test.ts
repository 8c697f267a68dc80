import { mappingSchema } from '../../../src/config/schema';
import { mappingAsConfigBlock, mappingOverridesSchema, NO_OVERRIDES, overlayMapping } from '../../../src/sync/mapping-overlay';
import { mapTicketFields } from '../../../src/sync/shared/field-mapping';
import type { HelpdeskTicket } from '../../../src/plugin-sdk';

const config = mappingSchema.parse({ types: { incident: 'ISSUE', question: 'HELP' }, severities: { high: 'HIGH' } });
const ticket = (over: Partial<HelpdeskTicket>): HelpdeskTicket =>
  ({
    helpdeskId: 'hd',
    id: '1',
    number: '1',
    title: 't',
    body: '',
    state: 'open',
    stateCategory: 'open',
    customer: {},
    createdAt: new Date(),
    updatedAt: new Date(),
    ...over,
  }) as HelpdeskTicket;

describe('mapping overrides over the configuration', () => {
  it('adds and replaces entries one by one, keeping the others from the file', () => {
    const effective = overlayMapping(config, {
      types: { hardware: 'ISSUE', question: 'COM' },
      categories: {},
      severities: {},
      defaultSeverity: 'LOW',
    });
    expect(effective.types).toEqual({ incident: 'ISSUE', question: 'COM', hardware: 'ISSUE' });
    expect(effective.severities).toEqual({ high: 'HIGH' });
    expect(effective.defaultSeverity).toBe('LOW');
    expect(effective.defaultType).toBe(config.defaultType);
    expect(mapTicketFields(ticket({ type: 'hardware', priority: 'unknown' }), effective)).toMatchObject({ typeCode: 'ISSUE', severityCode: 'LOW' });
  });

  it('without overrides is the configuration itself', () => {
    expect(overlayMapping(config, NO_OVERRIDES)).toEqual(config);
  });

  it('refuses codes that cannot be Dolibarr codes and unknown keys, naming the field', () => {
    const bad = mappingOverridesSchema.safeParse({ types: { x: 'not a code!' }, statusToErp: {} });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(expect.arrayContaining(['types.x: must be a Dolibarr dictionary code']));
    expect(messages.some((m) => m.includes('statusToErp'))).toBe(true);
  });

  it('gives the YAML block that reproduces the effective mapping', () => {
    const block = mappingAsConfigBlock(overlayMapping(config, { ...NO_OVERRIDES, types: { hardware: 'ISSUE' } }));
    expect(mappingSchema.parse(block.mapping)).toMatchObject({ types: { incident: 'ISSUE', question: 'HELP', hardware: 'ISSUE' } });
  });
});
