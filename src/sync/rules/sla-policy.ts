import type { SlaConfig, SlaPolicy } from '../../config/sla-schema';

/** What decides which service level a ticket gets. */
export interface PolicySubject {
  helpdeskId: string;
  type?: string;
  priority?: string;
  /** The customer's third-party code and name in the ERP, when resolved. */
  customers: string[];
  /** The policy the customer's contract names (contract extrafield or its service product), if any. */
  contractPolicy?: string;
}

export type PolicyChoice =
  | { kind: 'none' }
  /** A policy applies to the ticket but its type does not count (a licence or patch request). */
  | { kind: 'excluded'; policy: SlaPolicy }
  | { kind: 'applies'; policy: SlaPolicy; why: 'contract' | 'match' };

const matches = (list: string[], value: string | undefined) => list.length === 0 || (value !== undefined && list.includes(value));

/** The contract's policy wins; otherwise the first policy whose criteria all match (empty criteria match anything). */
export function choosePolicy(sla: SlaConfig, subject: PolicySubject): PolicyChoice {
  const byContract = subject.contractPolicy ? sla.policies.find((p) => p.name === subject.contractPolicy) : undefined;
  const matched =
    byContract ??
    sla.policies.find(
      (p) =>
        matches(p.match.helpdesks, subject.helpdeskId) &&
        matches(p.match.types, subject.type) &&
        matches(p.match.priorities, subject.priority) &&
        (p.match.customers.length === 0 || subject.customers.some((c) => p.match.customers.includes(c))),
    );
  if (!matched) return { kind: 'none' };
  if (subject.type !== undefined && matched.excludedTypes.includes(subject.type)) return { kind: 'excluded', policy: matched };
  return { kind: 'applies', policy: matched, why: byContract ? 'contract' : 'match' };
}

/** The policy a contract names: its own extrafield first, then the mapping of its service products. */
export function contractPolicyName(sla: SlaConfig, contract: { extrafields: Record<string, unknown>; serviceRefs: string[] }): string | undefined {
  const named = contract.extrafields[`options_${sla.contractPolicyField}`] ?? contract.extrafields[sla.contractPolicyField];
  if (typeof named === 'string' && named.trim() && sla.policies.some((p) => p.name === named.trim())) return named.trim();
  for (const ref of contract.serviceRefs) {
    const name = sla.contractPolicies[ref];
    if (name) return name;
  }
  return undefined;
}
