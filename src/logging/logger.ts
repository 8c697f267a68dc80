import { Writable } from 'node:stream';
import winston from 'winston';
import { redact } from '../plugin-sdk';

export type { Logger } from '../plugin-sdk';

const scrub = winston.format((info) => {
  const cleaned = redact({ ...info }) as Record<string, unknown>;
  for (const key of Object.keys(cleaned)) (info as Record<string, unknown>)[key] = cleaned[key];
  return info;
});

let root: winston.Logger | undefined;
let stdoutLines: NodeJS.WritableStream | undefined;

export interface LoggerOptions {
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  stream?: NodeJS.WritableStream;
}

export function createRootLogger(opts: LoggerOptions = {}): winston.Logger {
  // winston formats every line before its transport drops those below the level: debug lines cost a scrub and a
  // JSON serialisation each, for nothing.
  const enabledOnly = winston.format((info) => (logger.isLevelEnabled(info.level) ? info : false));
  const logger: winston.Logger = winston.createLogger({
    level: opts.level ?? 'info',
    format: winston.format.combine(enabledOnly(), winston.format.timestamp(), scrub(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: opts.stream ?? (stdoutLines ??= linesTogether(process.stdout)) })],
  });
  return logger;
}

/**
 * Lines are held for up to LINES_HELD_MS and go out in one write: each write to stdout is a system call, and a line
 * per event and job made those writes a tenth of the service's CPU. Whatever is held is written when the process exits.
 */
const LINES_HELD_MS = 20;

function linesTogether(out: NodeJS.WriteStream): NodeJS.WritableStream {
  let corked = false;
  const release = () => {
    if (!corked) return;
    corked = false;
    out.uncork();
  };
  process.on('exit', release);
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!corked) {
        corked = true;
        out.cork();
        setTimeout(release, LINES_HELD_MS).unref();
      }
      out.write(chunk);
      done();
    },
  });
}

export function configureLogging(opts: LoggerOptions): winston.Logger {
  root = createRootLogger(opts);
  return root;
}

/** A named child logger: every line carries `component`. */
export function getLogger(component: string, parent?: winston.Logger): winston.Logger {
  if (!root) root = createRootLogger({ level: 'info' });
  return (parent ?? root).child({ component });
}
