import type { DolDocument } from '../../erp/dolibarr/types';
import type { TicketLink } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { emitUpdate } from '../shared/emit-update';
import { formatBytes } from '../mirror/sync-attachments';
import { renderTemplate } from '../templates';

/**
 * Each document an ERP user adds to a bridged ticket reaches the helpdesk once, as the attachment of an internal
 * note. The bridge's own uploads are known (recorded with their attachment links) and not echoed; Dolibarr stores
 * an executable-looking upload as "<name>.noexe", which is the same document. A file over the limit is named in
 * the note instead of attached.
 */
export async function reflectDocuments(link: TicketLink, deps: EngineDeps): Promise<void> {
  const { enabled, maxBytes } = deps.sync.attachments;
  if (!enabled) return;
  const docs = await deps.erp.listTicketDocuments(link.erpId);
  for (const doc of [...docs].sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0) || a.name.localeCompare(b.name))) {
    if (await known(link.erpId, doc.name, deps)) continue;
    await emitDocument(link, doc, doc.size > maxBytes ? formatBytes(maxBytes) : undefined, deps);
    await deps.links.markErpDocumentKnown(link.erpId, doc.name);
  }
}

async function known(erpId: number, name: string, deps: EngineDeps): Promise<boolean> {
  if (await deps.links.isErpDocumentKnown(erpId, name)) return true;
  return name.endsWith('.noexe') && deps.links.isErpDocumentKnown(erpId, name.slice(0, -'.noexe'.length));
}

async function emitDocument(link: TicketLink, doc: DolDocument, tooBigFor: string | undefined, deps: EngineDeps): Promise<void> {
  const note = renderTemplate('helpdesk-erp-document', { erpRef: link.erpRef, filename: doc.name, size: formatBytes(doc.size), tooBigFor });
  await emitUpdate(deps, link, {
    eventId: `erp.document_added:${link.erpId}:${doc.name}:${doc.date?.getTime() ?? 0}`,
    type: 'erp.document_added',
    data: { erpId: link.erpId, erpRef: link.erpRef, filename: doc.name, size: doc.size, attached: !tooBigFor },
    note,
    ...(tooBigFor ? {} : { files: [{ filename: doc.name, size: doc.size, erpRef: link.erpRef, erpDocument: doc.name }] }),
  });
}
