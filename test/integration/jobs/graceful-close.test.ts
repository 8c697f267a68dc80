import { gate, jobEnv, waitFor, type JobEnv } from './job-env';

describe('graceful close', () => {
  let env: JobEnv;
  beforeEach(() => {
    env = jobEnv('close', { coalesceMs: 0 });
  });
  afterEach(() => env.cleanup());

  it('waits for the running job to finish and takes no new job', async () => {
    const running = gate();
    const events: string[] = [];
    const workers = env.start({
      'mirror-ticket': async (p) => {
        events.push(`start ${p.ticketId}`);
        await running.promise;
        events.push(`end ${p.ticketId}`);
      },
    });
    const { id } = await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '1' });
    await waitFor(() => events.includes('start 1'), 'job running');

    const closed = workers.close().then(() => events.push('closed'));
    await new Promise((r) => setTimeout(r, 100));
    const queued = await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '2' });
    expect(events).toEqual(['start 1']);

    running.open();
    await closed;
    expect(events).toEqual(['start 1', 'end 1', 'closed']);
    expect(await env.queues.queue('mirror').getJobState(id)).toBe('completed');
    expect(await env.queues.queue('mirror').getJobState(queued.id)).toBe('waiting');
    expect(await env.locks.isLocked('ticket:znuny:1')).toBe(false);
  });
});
