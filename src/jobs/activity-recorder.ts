import type { Job, Worker } from 'bullmq';
import type { EventIntake } from '../http/ports';
import { isIntegrationError, type InboundEvent } from '../plugin-sdk';
import type { Logger } from '../logging/logger';
import type { RedisActivityStore, SeenField } from '../store/activity-store';
import { errorForLog } from './error-log';
import { withHelpdeskId } from '../store/legacy-names';

function ticketOf(event: InboundEvent): string {
  return event.type === 'ticket.upserted' ? event.snapshot.ticket.id : event.ticketId;
}

function seenValues(event: InboundEvent): Array<[SeenField, string]> {
  if (event.type !== 'ticket.upserted') return [];
  const t = event.snapshot.ticket;
  const pairs: Array<[SeenField, string | undefined]> = [
    ['types', t.type],
    ['queues', t.queue],
    ['priorities', t.priority],
    ['states', t.state],
  ];
  return pairs.filter((p): p is [SeenField, string] => Boolean(p[1]));
}

/**
 * Counts what the intake accepted for the admin page. Recording happens after the events are durable and never
 * fails the webhook: a lost counter is not worth a redelivery.
 */
export function recordingIntake(intake: EventIntake, activity: RedisActivityStore, logger: Logger, now: () => Date): EventIntake {
  const record = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      logger.warn('admin activity not recorded', { error: errorForLog(err) });
    }
  };
  return {
    async acceptHelpdeskEvents(helpdeskId, events) {
      const result = await intake.acceptHelpdeskEvents(helpdeskId, events);
      const at = now();
      // Issued together, in order: one round trip to Redis on the auto-pipelined connection, not one per write.
      await record(() =>
        Promise.all([
          activity.count('events', at, events.length),
          ...events.flatMap((event) => [
            activity.addTicketEntry(helpdeskId, ticketOf(event), { at, kind: 'event', what: event.type, outcome: 'accepted' }),
            ...seenValues(event).map(([field, value]) => activity.markSeen(helpdeskId, field, value, at)),
          ]),
        ]),
      );
      return result;
    },
    async acceptErpChange(change) {
      await intake.acceptErpChange(change);
      await record(() => activity.count('events', now(), 1));
    },
    async acceptAccountsChange(trigger) {
      await intake.acceptAccountsChange(trigger);
      await record(() => activity.count('events', now(), 1));
    },
  };
}

type JobData = { helpdeskId?: unknown; ticketId?: unknown };

/** The remote systems a job talks to: every job but a helpdesk poll or delivery touches Dolibarr. */
function connectionsOf(job: Job): string[] {
  const { helpdeskId } = withHelpdeskId(job.data) as JobData;
  const helpdesk = typeof helpdeskId === 'string' ? [`helpdesk:${helpdeskId}`] : [];
  if (job.name === 'poll-helpdesk' || job.name === 'deliver-update') return helpdesk;
  return ['dolibarr', ...helpdesk];
}

/** Which system an error came from: typed errors say it; a permanent failure's reason starts with it. */
function failedConnection(job: Job, err: Error): string | undefined {
  const candidates = connectionsOf(job);
  const system = isIntegrationError(err) ? err.system : err.message.split(' ', 1)[0];
  const named = system === 'dolibarr' ? 'dolibarr' : `helpdesk:${system}`;
  return candidates.includes(named) ? named : undefined;
}

/** Feeds job outcomes to the admin page: hourly counters, each connection's last success and error, each ticket's jobs. */
export function recordJobOutcomes(workers: readonly Worker[], activity: RedisActivityStore, logger: Logger, now: () => Date): void {
  const record = (fn: () => Promise<unknown>) => {
    fn().catch((err: unknown) => logger.warn('admin activity not recorded', { error: errorForLog(err) }));
  };
  const ticketEntry = async (job: Job, outcome: 'done' | 'retrying' | 'failed', at: Date, detail?: string) => {
    const { helpdeskId, ticketId } = withHelpdeskId(job.data) as JobData;
    if (typeof helpdeskId === 'string' && typeof ticketId === 'string') {
      await activity.addTicketEntry(helpdeskId, ticketId, { at, kind: 'job', what: job.name, outcome, detail });
    }
  };
  for (const worker of workers) {
    worker.on('completed', (job) =>
      record(async () => {
        const at = now();
        await Promise.all([activity.count('done', at), ...connectionsOf(job).map((c) => activity.connectionOk(c, at)), ticketEntry(job, 'done', at)]);
      }),
    );
    worker.on('failed', (job, err) =>
      record(async () => {
        if (!job) return;
        const at = now();
        const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
        if (final) await activity.count('failed', at);
        const connection = failedConnection(job, err);
        if (connection) await activity.connectionError(connection, at, err.message);
        await ticketEntry(job, final ? 'failed' : 'retrying', at, err.message);
      }),
    );
  }
}
