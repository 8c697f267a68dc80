import type { AddressInfo, Socket } from 'node:net';
import { buildApp, API_BASE } from './app';
import type { DoubleContext } from './context';
import type { DoubleState } from './state';
import { emptyState } from './state';
import { WebhookEmitter, type WebhookDelivery } from './webhooks';

export interface DolibarrDoubleOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  apiKey: string;
  /** Webhook target (non-blocking, like a type-1 target of the Webhook module). */
  webhookUrl?: string;
  /** Only these trigger codes are sent; all when absent. */
  webhookTriggerCodes?: string[];
  /** Added before every API answer. */
  latencyMs?: number;
  /** Close the connection after every API answer, as the PHP built-in server that serves a test Dolibarr does. */
  closeConnections?: boolean;
}

export interface DolibarrDouble {
  /** Base URL of the REST API, ending in /api/index.php. */
  url: string;
  /** Base URL of the control API (/__double). */
  controlUrl: string;
  port: number;
  close(): Promise<void>;
  /** The live in-memory state (read it, do not keep it across reset). */
  state(): DoubleState;
  /** Resolves when every queued webhook has been attempted; returns all deliveries so far. */
  webhooksSettled(): Promise<WebhookDelivery[]>;
}

export async function startDolibarrDouble(options: DolibarrDoubleOptions): Promise<DolibarrDouble> {
  const hooks = new WebhookEmitter();
  if (options.webhookUrl) hooks.configure({ url: options.webhookUrl, triggerCodes: options.webhookTriggerCodes });
  const ctx: DoubleContext = { state: emptyState(), hooks };
  const { app } = buildApp(ctx, options.apiKey, options.latencyMs ?? 0, options.closeConnections ?? false);
  const sockets = new Set<Socket>();
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s)).on('error', reject);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}${API_BASE}`,
    controlUrl: `${base}/__double`,
    port,
    state: () => ctx.state,
    webhooksSettled: async () => {
      await hooks.idle();
      return hooks.deliveries;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging fault requests and keep-alive sockets would otherwise keep close() waiting.
        for (const socket of sockets) socket.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
