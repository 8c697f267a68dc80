export { DolibarrClient } from './client';
export { checkDolibarr } from './health-check';
export type * from './api';
export type * from './types';
