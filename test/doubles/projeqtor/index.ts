import type { AddressInfo, Socket } from 'node:net';
import { PqControl } from './control';
import type { AesBits } from './crypto';
import { buildPqApp } from './server';
import { PqStore, type Project, type User } from './store';

export type { Fault } from './control';
export { encryptBody } from './crypto';

/**
 * The double's API user, as on the recorded instance: `ticketbridge`, Project Leader on project 1. Its key is
 * the one the recordings were encrypted with (md5 of its creation time, 2026-11-23 09:11:51 Paris).
 */
export const PQ_DOUBLE_USER = { name: 'ticketbridge', password: 'pq-web-secret', apiKey: 'a35b0093c34267792bfadfe40a4517f6', id: '3' };
const PQ_DOUBLE_PROJECT = { id: '1', name: 'TicketBridge Escalations', code: 'TB' };
/** The Bug ticket type created on the recorded instance, and its first status ("recorded"). */
export const PQ_DOUBLE_IDS = { projectId: 1, ticketTypeId: 209, initialStatusId: 1 };

export interface PqDoubleOptions {
  /** The server's time zone (paramDefaultTimezone); Europe/Paris as recorded. */
  timeZone?: string;
  aesBits?: AesBits;
  /** Web-server Basic auth (user → password); null = none, like the recorded instance. Defaults to the double user. */
  webPasswords?: Record<string, string> | null;
  /** Extra ProjeQtor users (an outsider, a disabled one...). */
  users?: User[];
  projects?: Project[];
}

export interface PqDouble {
  /** The API base, as `url` in the plugin settings (`.../api/`). */
  url: string;
  /** The web root, as `webUrl`. */
  webUrl: string;
  control: PqControl;
  close(): Promise<void>;
}

/** Starts the ProjeQtor double on a free loopback port. */
export async function startProjeqtorDouble(opts: PqDoubleOptions = {}): Promise<PqDouble> {
  const users: User[] = [
    { id: '1', name: 'admin', resourceName: 'admin #', apiKey: '0'.repeat(32), projects: [PQ_DOUBLE_PROJECT.id] },
    {
      id: PQ_DOUBLE_USER.id,
      name: PQ_DOUBLE_USER.name,
      resourceName: 'TicketBridge Service',
      apiKey: PQ_DOUBLE_USER.apiKey,
      projects: [PQ_DOUBLE_PROJECT.id],
    },
    ...(opts.users ?? []),
  ];
  const store = new PqStore(opts.timeZone ?? 'Europe/Paris', users, opts.projects ?? [PQ_DOUBLE_PROJECT]);
  const control = new PqControl(store);
  const webPasswords = opts.webPasswords === undefined ? { [PQ_DOUBLE_USER.name]: PQ_DOUBLE_USER.password } : opts.webPasswords;
  const app = buildPqApp(control, { aesBits: opts.aesBits ?? 128, webPasswords });
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
    url: `http://127.0.0.1:${port}/api/`,
    webUrl: `http://127.0.0.1:${port}`,
    control,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/**
 * The bridge's configuration of this double as development tracker `projeqtor` (the `devTrackers` section) and the
 * secrets it reads from the environment, for tests that start the service.
 */
export function projeqtorTrackerFor(pq: PqDouble): { devTrackers: Record<string, unknown>; env: Record<string, string> } {
  return {
    devTrackers: {
      projeqtor: {
        plugin: 'projeqtor',
        settings: { url: pq.url, webUrl: pq.webUrl, user: PQ_DOUBLE_USER.name, ...PQ_DOUBLE_IDS, timeoutMs: 3000 },
      },
    },
    env: { TB_DEVTRACKER_PROJEQTOR_APIKEY: PQ_DOUBLE_USER.apiKey, TB_DEVTRACKER_PROJEQTOR_PASSWORD: PQ_DOUBLE_USER.password },
  };
}
