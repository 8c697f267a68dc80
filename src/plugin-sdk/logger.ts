/**
 * What a plugin may log with. The service hands one in the plugin context (its own structured JSON
 * logger, which scrubs secrets); plugins never create loggers or write to the console.
 * `meta` is any plain object of structured fields.
 */
export interface Logger {
  error(message: string, meta?: object): unknown;
  warn(message: string, meta?: object): unknown;
  info(message: string, meta?: object): unknown;
  debug(message: string, meta?: object): unknown;
  /** A logger whose every line also carries `fields`. */
  child(fields: Record<string, unknown>): Logger;
}
