import type { NewDocumentLine } from './api';
import type { DolibarrCore } from './core';
import { actionResult, unixSeconds } from './schema-primitives';

export function lineBody(line: NewDocumentLine) {
  return {
    fk_product: line.productId,
    label: line.label,
    desc: line.description,
    qty: line.qty,
    subprice: line.unitPrice,
    tva_tx: line.vatRate,
    product_type: line.productType,
    date_start: line.dateStart ? unixSeconds(line.dateStart) : undefined,
    date_end: line.dateEnd ? unixSeconds(line.dateEnd) : undefined,
  };
}

/** Body-less action; an empty 304 ("already done") is success. */
export async function postAction(core: DolibarrCore, path: string): Promise<void> {
  await core.call({ method: 'POST', path, schema: actionResult, acceptStatuses: [304] });
}
