import type { DolibarrCore } from './core';
import { segment } from './path';
import { productSchema } from './schemas';
import type { DolProduct } from './types';

/** Products: the billable services. */

export function getProductByRef(core: DolibarrCore, ref: string): Promise<DolProduct | null> {
  return core.find({ method: 'GET', path: `/products/ref/${segment(ref)}`, schema: productSchema });
}
