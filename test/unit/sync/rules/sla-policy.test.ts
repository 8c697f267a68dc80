import { slaConfigSchema } from '../../../../src/config/sla-schema';
import { choosePolicy, contractPolicyName } from '../../../../src/sync/rules/sla-policy';
import { escalationGaps } from '../../../../src/sync/rules/escalation-support';

const sla = slaConfigSchema.parse({
  policies: [
    { name: 'premium', firstResponseMinutes: 30, resolutionMinutes: 240 },
    { name: 'critical', match: { priorities: ['critical'] }, firstResponseMinutes: 15, excludedTypes: ['licence-request'] },
    { name: 'acme', match: { customers: ['CU-ACME'], helpdesks: ['znuny'] }, resolutionMinutes: 600 },
    { name: 'standard', firstResponseMinutes: 240, resolutionMinutes: 2400, excludedTypes: ['licence-request', 'patch-request'] },
  ],
  contractPolicies: { 'SUPPORT-PREMIUM': 'premium' },
});
// The first policy matches anything: only a contract names it here, so order the rest after it.
const ordered = { ...sla, policies: [...sla.policies.slice(1), sla.policies[0]!] };

describe('policy choice', () => {
  it('takes the policy the contract names before any match', () => {
    expect(choosePolicy(ordered, { helpdeskId: 'znuny', priority: 'critical', customers: ['CU-ACME'], contractPolicy: 'premium' })).toMatchObject({
      kind: 'applies',
      why: 'contract',
      policy: { name: 'premium' },
    });
  });

  it('takes the first policy whose criteria all match', () => {
    expect(choosePolicy(ordered, { helpdeskId: 'znuny', priority: 'critical', customers: [] })).toMatchObject({ policy: { name: 'critical' } });
    expect(choosePolicy(ordered, { helpdeskId: 'znuny', priority: 'normal', customers: ['Acme', 'CU-ACME'] })).toMatchObject({
      policy: { name: 'acme' },
    });
    expect(choosePolicy(ordered, { helpdeskId: 'rt', priority: 'normal', customers: ['CU-ACME'] })).toMatchObject({ policy: { name: 'standard' } });
  });

  it('leaves out the excluded types', () => {
    expect(choosePolicy(ordered, { helpdeskId: 'rt', type: 'patch-request', customers: [] })).toMatchObject({
      kind: 'excluded',
      policy: { name: 'standard' },
    });
  });

  it('gives no policy when none matches', () => {
    expect(choosePolicy({ ...sla, policies: [sla.policies[1]!] }, { helpdeskId: 'rt', priority: 'low', customers: [] })).toEqual({ kind: 'none' });
  });

  it("reads the contract's policy from its extrafield, then from its service products", () => {
    expect(contractPolicyName(sla, { extrafields: { options_tb_sla_policy: 'critical' }, serviceRefs: ['SUPPORT-PREMIUM'] })).toBe('critical');
    expect(contractPolicyName(sla, { extrafields: { options_tb_sla_policy: 'unknown' }, serviceRefs: ['SUPPORT-PREMIUM'] })).toBe('premium');
    expect(contractPolicyName(sla, { extrafields: {}, serviceRefs: ['SUPPORT-HOUR'] })).toBeUndefined();
  });

  it('refuses a configuration naming a missing policy or calendar', () => {
    const r = slaConfigSchema.safeParse({
      policies: [{ name: 'p', calendar: 'night', firstResponseMinutes: 5 }],
      contractPolicies: { X: 'gold' },
    });
    expect(r.success).toBe(false);
    expect(!r.success && r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'policies.0.calendar: no calendar named "night"',
      'contractPolicies.X: no policy named "gold"',
    ]);
    expect(slaConfigSchema.safeParse({ policies: [{ name: 'p' }] }).success).toBe(false);
    expect(slaConfigSchema.safeParse({ policies: [{ name: 'p', firstResponseMinutes: 5, pauseStates: ['closed'] }] }).success).toBe(false);
  });
});

describe('escalation support at start-up', () => {
  const rules = slaConfigSchema.parse({
    escalations: [
      { name: 'to-l2', afterMinutes: 10, toQueue: 'L2' },
      { name: 'vip', helpdesks: ['jira'], priorities: ['critical'], toOwner: 'lead' },
    ],
  }).escalations;
  const deliver = async () => ({});

  it('names each helpdesk that cannot carry out a rule', () => {
    const adapters = new Map([
      ['znuny', { id: 'znuny', plugin: 'znuny', deliver, moves: { queue: true, owner: true } }],
      ['push', { id: 'push', plugin: 'webhook' }],
    ]);
    expect(escalationGaps(rules, adapters)).toEqual([
      'sla.escalations.to-l2: helpdesk "push" (webhook) cannot move a ticket to another queue; its tickets will not be escalated',
      'sla.escalations.vip: no enabled helpdesk "jira"',
    ]);
  });
});
