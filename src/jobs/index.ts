export * from './catalog';
export { JobQueues, type JobQueuesOptions, type EnqueueOptions, type EnqueuedJob } from './queues';
export { startWorkers, type JobContext, type JobHandler, type JobHandlers, type JobWorkers, type StartWorkersOptions } from './worker';
export { JobAdmin, type FailedJob, type ReplayedJob, type ReplaySelection } from './admin';
export { applyPollSchedules, type PollSchedule, type ScheduleChanges } from './schedules';
export { backoffDelay, BACKOFF_TYPE, MAX_BACKOFF_MS } from './backoff';
export { withUrgency, currentUrgency, URGENCIES, type Urgency } from './urgency';
