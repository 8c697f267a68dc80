import type { RequestHandler } from 'express';

export interface CallRecord {
  method: string;
  path: string;
  status: number;
}

/** Log of API calls; `counts` keys are "METHOD /path/{id} status" with numeric segments folded. */
export class CallLog {
  readonly calls: CallRecord[] = [];

  middleware(): RequestHandler {
    return (req, res, next) => {
      const record = (status: number): void => {
        this.calls.push({ method: req.method, path: req.path, status });
      };
      res.on('finish', () => record(res.statusCode));
      // Destroyed or abandoned requests never finish; 0 marks them.
      res.on('close', () => {
        if (!res.writableFinished) record(0);
      });
      next();
    };
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.calls) {
      const key = `${c.method} ${c.path.replace(/\/\d+(?=\/|$)/g, '/{id}')} ${c.status}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  reset(): void {
    this.calls.length = 0;
  }
}
