import type { DolContract, DolContractLine, DolIntervention, DolInterventionLine, DolProduct } from '../../../src/erp/dolibarr/types';

/** Builders shaped after the recorded responses (contract_get, product_get_by_ref, interventions_list_by_contract). */
export const supportHour: DolProduct = { id: 1, ref: 'SUPPORT-HOUR', label: 'Hourly support', type: 1, price: 80, vatRate: 20, duration: '1h' };
export const supportContract: DolProduct = {
  id: 2,
  ref: 'SUPPORT-CONTRACT',
  label: 'Annual support contract',
  type: 1,
  price: 1200,
  vatRate: 20,
  duration: '1y',
};

export function contractLine(l: Partial<DolContractLine> & { id: number }): DolContractLine {
  return {
    productId: 1,
    productRef: 'SUPPORT-HOUR',
    description: 'Prepaid hours',
    qty: 10,
    unitPrice: 80,
    status: 4,
    dateStart: null,
    dateEnd: null,
    dateStartReal: null,
    dateEndReal: null,
    ...l,
  };
}

export function contract(c: Partial<DolContract> & { id: number; socid: number; lines: DolContractLine[] }): DolContract {
  return { ref: `CT2611-${String(c.id).padStart(4, '0')}`, status: 1, dateContract: null, extrafields: {}, ...c };
}

export function interventionLine(id: number, date: string, seconds: number): DolInterventionLine {
  return { id, description: 'work', date: new Date(date), durationSeconds: seconds, rank: id };
}

export function intervention(i: Partial<DolIntervention> & { id: number }): DolIntervention {
  const lines = i.lines ?? [];
  return {
    ref: `FI2611-${String(i.id).padStart(4, '0')}`,
    socid: 1,
    contractId: null,
    projectId: null,
    status: 1,
    description: 'Support',
    durationSeconds: lines.reduce((s, l) => s + l.durationSeconds, 0),
    modifiedAt: null,
    lines,
    linkedObjects: {},
    extrafields: {},
    ...i,
  };
}
