import winston from 'winston';
import { redact } from '../plugin-sdk';

export type { Logger } from '../plugin-sdk';

const scrub = winston.format((info) => {
  const cleaned = redact({ ...info }) as Record<string, unknown>;
  for (const key of Object.keys(cleaned)) (info as Record<string, unknown>)[key] = cleaned[key];
  return info;
});

let root: winston.Logger | undefined;

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
    transports: [opts.stream ? new winston.transports.Stream({ stream: opts.stream }) : new winston.transports.Console()],
  });
  return logger;
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
