import type { DolibarrCore } from './core';
import { statusSchema } from './schemas';
import type { DolStatus } from './types';

export function status(core: DolibarrCore): Promise<DolStatus> {
  return core.get({ method: 'GET', path: '/status', schema: statusSchema });
}
