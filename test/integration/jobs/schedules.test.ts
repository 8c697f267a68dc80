import { applyPollSchedules } from '../../../src/jobs';
import { jobEnv, waitFor, type JobEnv } from './job-env';

const retryDefaults = { attempts: 3, backoffMs: 20 };

describe('poll schedules', () => {
  let env: JobEnv;
  beforeEach(() => {
    env = jobEnv('schedules');
  });
  afterEach(() => env.cleanup());

  const schedulerIds = async () =>
    [...(await env.queues.queue('mirror').getJobSchedulers(0, -1)), ...(await env.queues.queue('reflect').getJobSchedulers(0, -1))]
      .map((s) => `${s.key}@${s.every}`)
      .sort();

  it('schedules a poll per helpdesk and for the ERP, and the polls run', async () => {
    const polled: string[] = [];
    env.start({
      'poll-helpdesk': async (p) => void polled.push(p.helpdeskId),
      'poll-erp': async () => void polled.push('erp'),
    });
    const changes = await applyPollSchedules(env.queues, { helpdesks: { znuny: 0.2, rt: 60 }, erpSeconds: 0.2, retryDefaults });
    expect(changes.removed).toEqual([]);
    expect(await schedulerIds()).toEqual(['poll-erp@200', 'poll-helpdesk:rt@60000', 'poll-helpdesk:znuny@200']);
    await waitFor(() => polled.filter((s) => s === 'znuny').length >= 2 && polled.includes('erp'), 'repeated polls');
  });

  it('updates intervals, removes polls set to 0 and those of helpdesks no longer configured', async () => {
    await applyPollSchedules(env.queues, { helpdesks: { znuny: 60, rt: 60, jira: 30 }, erpSeconds: 120, retryDefaults });
    const changes = await applyPollSchedules(env.queues, { helpdesks: { znuny: 30, rt: 0 }, erpSeconds: 0, retryDefaults });
    expect(changes.scheduled).toEqual([{ id: 'poll-helpdesk:znuny', everyMs: 30_000 }]);
    expect(changes.removed.sort()).toEqual(['poll-erp', 'poll-helpdesk:jira', 'poll-helpdesk:rt']);
    expect(await schedulerIds()).toEqual(['poll-helpdesk:znuny@30000']);

    const again = await applyPollSchedules(env.queues, { helpdesks: { znuny: 30, rt: 0 }, erpSeconds: 0, retryDefaults });
    expect(again.removed).toEqual([]);
  });

  it('polls the development tracker while dev escalation is on, and stops when it is off', async () => {
    const polled: number[] = [];
    env.start({ 'poll-dev-tracker': async () => void polled.push(Date.now()) });
    await applyPollSchedules(env.queues, { helpdesks: {}, erpSeconds: 0, devTrackerSeconds: 0.2, retryDefaults });
    expect(await schedulerIds()).toEqual(['poll-dev-tracker@200']);
    await waitFor(() => polled.length >= 2, 'repeated tracker polls');
    const off = await applyPollSchedules(env.queues, { helpdesks: {}, erpSeconds: 0, retryDefaults });
    expect(off.removed).toEqual(['poll-dev-tracker']);
    expect(await schedulerIds()).toEqual([]);
  });
});
