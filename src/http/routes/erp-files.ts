import { Router } from 'express';
import { FileTooLargeError } from '../../plugin-sdk';
import type { HttpDeps } from '../ports';
import { ERP_FILE_ROUTE } from '../erp-file-links';

/**
 * Serves an ERP ticket's document to whoever holds a signed link the bridge sent (generic webhook helpdesks): the
 * link is the authorization, so nothing else is asked. Refused: a forged or altered link (403), an expired one (410).
 */
export function erpFileRoutes(deps: HttpDeps): Router {
  const router = Router();
  const files = deps.erpFiles;
  if (!files) return router;
  router.get(`${ERP_FILE_ROUTE}/:token`, async (req, res, next) => {
    const checked = files.links.check(req.params.token);
    if (checked.kind !== 'valid') {
      res.status(checked.kind === 'expired' ? 410 : 403).json({ error: checked.kind === 'expired' ? 'link expired' : 'invalid link' });
      return;
    }
    try {
      const doc = await files.download(checked.file.erpRef, checked.file.document);
      if (!doc) {
        res.status(404).json({ error: 'document no longer in the ERP' });
        return;
      }
      res
        .status(200)
        .set({
          'Content-Type': doc.contentType || 'application/octet-stream',
          'Content-Length': String(doc.content.length),
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(checked.file.document)}`,
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
        })
        .end(doc.content);
    } catch (err) {
      if (err instanceof FileTooLargeError) {
        res.status(413).json({ error: err.message });
        return;
      }
      next(err);
    }
  });
  return router;
}
