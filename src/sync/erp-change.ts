/** A change Dolibarr reported (webhook) or the ERP poll found, reduced to ids. */
export type ErpChange =
  | { kind: 'ticket'; erpId: number }
  | { kind: 'message'; erpId: number; ticketErpId: number }
  | { kind: 'intervention'; erpId: number }
  | { kind: 'proposal'; erpId: number }
  | { kind: 'invoice'; erpId: number };

