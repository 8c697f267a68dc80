import type { RequestHandler } from 'express';
import { restlerBody } from './errors';

const NO_KEY =
  "Failed to login to API. Neither parameter 'HTTP_DOLAPIKEY' nor 'Authentication: Bearer' found on HTTP header (and no parameter DOLAPIKEY in URL).";
const BAD_KEY = 'Error user not valid (not found with api key or bad status or bad validity dates) (conf->entity=1)';

/** The key may come as DOLAPIKEY header, Bearer token, ?DOLAPIKEY= or legacy ?api_key= (recorded). */
export function apiKeyAuth(apiKey: string): RequestHandler {
  return (req, res, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    const query = req.query.DOLAPIKEY ?? req.query.api_key;
    const given = req.header('dolapikey') ?? bearer ?? (typeof query === 'string' ? query : undefined);
    if (given === undefined || given === '') {
      res.status(401).json(restlerBody(401, NO_KEY));
      return;
    }
    if (given !== apiKey) {
      res.status(401).json(restlerBody(401, BAD_KEY));
      return;
    }
    next();
  };
}
