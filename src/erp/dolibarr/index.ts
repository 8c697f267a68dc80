export { DolibarrClient, type DolibarrClientOptions } from './client';
export { checkDolibarr, REQUIRED_MODULES, RECOMMENDED_MODULES, type DolibarrHealthReport } from './health-check';
export type * from './api';
export type * from './types';
