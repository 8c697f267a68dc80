import type { AddressInfo, Socket } from 'node:net';
import { JsmControl } from './control';
import { buildJsmApp } from './server';
import { JsmStore } from './store';
import { WebhookSender } from './webhooks';

export { SUPPORT_TYPE, type Fault } from './control';

export interface JsmDoubleOptions {
  email?: string;
  apiToken?: string;
  /** The API user's profile time zone (JQL literals are read in it). */
  timeZone?: string;
  projectKey?: string;
  /** Where the admin webhook posts, with its secret. */
  webhook?: { url: string; secret: string };
  requestTypeField?: string;
  organizationField?: string;
}

export interface JsmDouble {
  /** The site root, as `siteUrl` in the plugin settings. */
  url: string;
  control: JsmControl;
  hooks: WebhookSender;
  close(): Promise<void>;
}

export const DOUBLE_CREDENTIALS = { email: 'tb-agent@helpdesk.example', apiToken: 'jsm-double-api-token-0123' };

/** Starts the Jira Service Management double on a free loopback port. */
export async function startJsmDouble(opts: JsmDoubleOptions = {}): Promise<JsmDouble> {
  const zone = opts.timeZone ?? 'Europe/Paris';
  const projectKey = opts.projectKey ?? 'SPT';
  const store = new JsmStore(projectKey);
  const hooks = new WebhookSender(opts.webhook);
  const fields = { requestTypeField: opts.requestTypeField ?? 'customfield_10010', organizationField: opts.organizationField ?? 'customfield_10002' };
  const control = new JsmControl(store, hooks, zone, fields);
  const app = buildJsmApp(control, {
    email: opts.email ?? DOUBLE_CREDENTIALS.email,
    apiToken: opts.apiToken ?? DOUBLE_CREDENTIALS.apiToken,
    zone,
    projectKey,
  });
  const sockets = new Set<Socket>();
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s)).on('error', reject);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    control,
    hooks,
    close: async () => {
      await hooks.idle();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
