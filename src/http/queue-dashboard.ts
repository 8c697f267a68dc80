import type { RequestHandler } from 'express';
import type { JobQueues } from '../jobs';

/**
 * bull-board over the bridge's queues, mounted under /admin/queues behind the admin token. Loaded and built on the
 * first request: bull-board holds ~15 MiB resident, which a service whose dashboard nobody opens would carry for nothing.
 */
export function queueDashboard(queues: JobQueues): RequestHandler {
  let router: Promise<RequestHandler> | undefined;
  return (req, res, next) => {
    router ??= buildDashboard(queues);
    router.then((handle) => handle(req, res, next), next);
  };
}

async function buildDashboard(queues: JobQueues): Promise<RequestHandler> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
  ]);
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/admin/queues');
  createBullBoard({ queues: Object.values(queues.queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  return adapter.getRouter() as RequestHandler;
}
