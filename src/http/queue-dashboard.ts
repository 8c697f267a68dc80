import type { RequestHandler } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { JobQueues } from '../jobs';

/** bull-board over the bridge's queues, mounted under /admin/queues behind the admin token. */
export function queueDashboard(queues: JobQueues): RequestHandler {
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/admin/queues');
  createBullBoard({ queues: Object.values(queues.queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  return adapter.getRouter() as RequestHandler;
}
