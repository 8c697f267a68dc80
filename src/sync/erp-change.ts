/** A change Dolibarr reported (webhook) or the ERP poll found, reduced to ids. */
export type ErpChange =
  | { kind: 'ticket'; erpId: number }
  | { kind: 'message'; erpId: number; ticketErpId: number }
  /** contractId: the contract the webhook named (a deleted intervention can no longer be read). */
  | { kind: 'intervention'; erpId: number; contractId?: number }
  | { kind: 'proposal'; erpId: number }
  | { kind: 'invoice'; erpId: number };
