import type { RequestHandler } from 'express';
import { z } from 'zod';
import { restlerBody } from './errors';

/** Body of POST /__double/faults. */
export const faultSchema = z.object({
  kind: z.enum(['400', '403', 'waf403', '500', '503', '429', 'hang', 'destroy', 'down']),
  /** HTTP method to match (any when absent). */
  method: z.string().optional(),
  /** Regular expression tested against the API path after /api/index.php, e.g. "^/tickets/\\d+$" (any when absent). */
  path: z.string().optional(),
  /** How many matching requests get the fault; "down" lasts until DELETE /__double/faults. */
  times: z.number().int().positive().default(1),
  retryAfterSeconds: z.number().int().nonnegative().default(1),
});
export type FaultSpec = z.infer<typeof faultSchema>;

/** The page Dolibarr's injection firewall answers (recorded: test/fixtures/dolibarr/error_403_waf_colon_in_path.json). */
const WAF_PAGE = (uri: string) =>
  'Access refused to 127.0.0.1 by SQL or Script injection protection in main.inc.php:analyseVarsForSqlAndScriptsInjection type=1<br>\n' +
  `Try to go back, fix data of your form and resubmit it. You can contact also your technical support.\n<!--\npage=${uri} paramtype=1\n-->`;

interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
  regex?: RegExp;
}

/**
 * Injected failures: HTTP 400/403/500/503/429 in Restler shape, the injection firewall's 403 HTML page ("waf403"), a request that never gets an answer ("hang", until the
 * client gives up), a destroyed socket, or "down" (every matching request's socket destroyed until cleared).
 */
export class Faults {
  private faults: ActiveFault[] = [];
  private seq = 0;

  add(spec: FaultSpec): number {
    const id = ++this.seq;
    this.faults.push({ ...spec, id, remaining: spec.times, regex: spec.path ? new RegExp(spec.path) : undefined });
    return id;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Array<FaultSpec & { id: number; remaining: number }> {
    return this.faults.map(({ regex, ...rest }) => (void regex, rest));
  }

  private take(method: string, path: string): ActiveFault | undefined {
    const f = this.faults.find((x) => (!x.method || x.method.toUpperCase() === method) && (!x.regex || x.regex.test(path)));
    if (f && f.kind !== 'down' && --f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      const fault = this.take(req.method, req.path);
      if (!fault) return next();
      switch (fault.kind) {
        case 'hang':
          return undefined;
        case 'destroy':
        case 'down':
          req.socket.destroy();
          return undefined;
        case 'waf403':
          res.status(403).type('text/html; charset=UTF-8').send(WAF_PAGE(req.originalUrl));
          return undefined;
        case '429':
          res.setHeader('Retry-After', String(fault.retryAfterSeconds));
          res.status(429).json(restlerBody(429, 'Rate limit exceeded'));
          return undefined;
        default:
          res.status(Number(fault.kind)).json(restlerBody(Number(fault.kind), 'Fault injected by the double'));
          return undefined;
      }
    };
  }
}
