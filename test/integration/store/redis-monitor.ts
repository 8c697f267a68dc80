import net from 'node:net';
import type Redis from 'ioredis';

export interface SeenCommand {
  /** The command and its arguments, as Redis received them. */
  args: string[];
  /** The client's address ("127.0.0.1:54321"), or "lua" for a command a script ran. */
  source: string;
}

/** One MONITOR line's quoted arguments, with Redis' escapes (\" \\ \n \r \t \a \b \xHH) undone. */
function parseArgs(quoted: string): string[] {
  const args: string[] = [];
  for (const m of quoted.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    args.push(
      m[1].replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_all, e: string) => {
        if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
        return ({ n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' } as Record<string, string>)[e] ?? e;
      }),
    );
  }
  return args;
}

/**
 * Records every command Redis runs (MONITOR) while `work` runs, on a socket of its own to the server `watcher` talks
 * to; what `work` sent is all in once the connection it used has answered a PING sent after it. Not ioredis' monitor():
 * on a busy server the feed's first lines can arrive with MONITOR's own answer, before ioredis has switched the
 * connection to monitoring, and it then fails with "Command queue state error".
 */
export async function commandsDuring(watcher: Redis, used: Redis, work: () => Promise<void>): Promise<SeenCommand[]> {
  const { host, port } = watcher.options;
  const socket = net.connect({ host: host ?? '127.0.0.1', port: port ?? 6379 });
  const seen: SeenCommand[] = [];
  let pending = '';
  let started!: () => void;
  let failure: Error | undefined;
  const monitoring = new Promise<void>((resolve, reject) => {
    started = resolve;
    socket.on('error', (err) => {
      failure = err;
      reject(err);
    });
  });
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\r\n')) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (line === '+OK') started();
      const m = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
      if (m) seen.push({ source: m[1], args: parseArgs(m[2]) });
    }
  });
  socket.write('MONITOR\r\n');
  try {
    await monitoring;
    await work();
    await used.ping();
    // MONITOR's feed trails the replies a little.
    await new Promise((r) => setTimeout(r, 100));
    if (failure) throw failure;
    return seen;
  } finally {
    socket.destroy();
  }
}

/** The address of a connection as MONITOR names it. */
export async function clientAddress(redis: Redis): Promise<string> {
  return /addr=(\S+)/.exec(await redis.client('INFO'))![1];
}
