export * from './catalog';
export { JobQueues } from './queues';
export { startWorkers, type JobHandlers, type JobWorkers, type StartWorkersOptions } from './worker';
export { JobAdmin } from './admin';
export { applyPollSchedules } from './schedules';
export { queueDeliveries, scopedEngine } from './scheduler';
