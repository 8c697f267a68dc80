import { BACKOFF_TYPE } from './backoff';
import { retryPolicy, type JobRetrySettings } from './catalog';
import type { JobQueues } from './queues';

export interface PollSchedule {
  /** Seconds between polls per helpdesk; 0 stops polling it. */
  helpdesks: Readonly<Record<string, number>>;
  /** Seconds between ERP polls; 0 stops it. */
  erpSeconds: number;
  /** Seconds between polls of the development tracker (dev escalation); 0 or absent stops it. */
  devTrackerSeconds?: number;
  retryDefaults: JobRetrySettings;
}

export interface ScheduleChanges {
  /** Scheduler ids now active, with their interval. */
  scheduled: { id: string; everyMs: number }[];
  removed: string[];
}

const HELPDESK_PREFIX = 'poll-helpdesk:';
const ERP_ID = 'poll-erp';
const DEV_TRACKER_ID = 'poll-dev-tracker';

/**
 * Makes the repeatable poll jobs match the configuration: upserts each wanted
 * scheduler, removes those set to 0 and those of helpdesks no longer configured.
 */
export async function applyPollSchedules(queues: JobQueues, schedule: PollSchedule): Promise<ScheduleChanges> {
  const changes: ScheduleChanges = { scheduled: [], removed: [] };
  const mirror = queues.queue('mirror');
  const template = (name: 'poll-helpdesk' | 'poll-erp' | 'poll-dev-tracker') => {
    const retry = retryPolicy(name, schedule.retryDefaults);
    return {
      attempts: retry.attempts,
      backoff: { type: BACKOFF_TYPE, delay: retry.backoffMs },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 1000 },
    };
  };

  for (const [helpdeskId, seconds] of Object.entries(schedule.helpdesks)) {
    const id = HELPDESK_PREFIX + helpdeskId;
    if (seconds > 0) {
      await mirror.upsertJobScheduler(
        id,
        { every: seconds * 1000 },
        { name: 'poll-helpdesk', data: { helpdeskId }, opts: template('poll-helpdesk') },
      );
      changes.scheduled.push({ id, everyMs: seconds * 1000 });
    } else if (await mirror.removeJobScheduler(id)) changes.removed.push(id);
  }
  for (const existing of await mirror.getJobSchedulers(0, -1)) {
    const id = existing.key;
    if (id.startsWith(HELPDESK_PREFIX) && !(id.slice(HELPDESK_PREFIX.length) in schedule.helpdesks)) {
      if (await mirror.removeJobScheduler(id)) changes.removed.push(id);
    }
  }

  const reflect = queues.queue('reflect');
  if (schedule.erpSeconds > 0) {
    await reflect.upsertJobScheduler(ERP_ID, { every: schedule.erpSeconds * 1000 }, { name: 'poll-erp', data: {}, opts: template('poll-erp') });
    changes.scheduled.push({ id: ERP_ID, everyMs: schedule.erpSeconds * 1000 });
  } else if (await reflect.removeJobScheduler(ERP_ID)) changes.removed.push(ERP_ID);

  const devSeconds = schedule.devTrackerSeconds ?? 0;
  if (devSeconds > 0) {
    await mirror.upsertJobScheduler(
      DEV_TRACKER_ID,
      { every: devSeconds * 1000 },
      { name: 'poll-dev-tracker', data: {}, opts: template('poll-dev-tracker') },
    );
    changes.scheduled.push({ id: DEV_TRACKER_ID, everyMs: devSeconds * 1000 });
  } else if (await mirror.removeJobScheduler(DEV_TRACKER_ID)) changes.removed.push(DEV_TRACKER_ID);
  return changes;
}
