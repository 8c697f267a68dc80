/**
 * The ERP document name of a helpdesk attachment: "<article id>_<original name>", readable and unique per
 * ticket, made safe before Dolibarr sees it. Dolibarr sanitises names itself (recorded: "../etc/passwd.txt" →
 * "_etc_passwd.txt", "été: final?" → "ete_ final_") and refuses names starting with a dot with a 500; doing it
 * here keeps the name the bridge records equal to the one Dolibarr stores.
 */
const MAX_LENGTH = 200;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

export function documentName(articleId: string, original: string, index = 0): string {
  const base = safeName(original) || 'file';
  const tagged = `${safeName(articleId)}${index > 0 ? `-${index + 1}` : ''}_${base}`;
  return truncateKeepingExtension(tagged, MAX_LENGTH);
}

export function safeName(name: string): string {
  // A name sent with its client path ("C:\\Users\\a\\report.pdf", "../x") keeps only its last part.
  const last =
    name
      .split(/[/\\]/)
      .filter((p) => p.trim() !== '' && !/^\.+$/.test(p.trim()))
      .pop() ?? '';
  const ascii = last.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const cleaned = ascii
    // Control characters, and what Windows and Dolibarr refuse in a name.
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[:*?"<>|]/g, '_')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  return RESERVED.test(cleaned) ? `_${cleaned}` : cleaned;
}

function truncateKeepingExtension(name: string, max: number): string {
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 12 ? name.slice(dot) : '';
  return name.slice(0, max - ext.length) + ext;
}

/** Whether a MIME type is in the allowed list (`image/*` allows every image); an empty list allows all. */
export function typeAllowed(contentType: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const type = (contentType ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
  return allowed.some((a) => {
    const want = a.toLowerCase();
    return want.endsWith('/*') ? type.startsWith(want.slice(0, -1)) : type === want;
  });
}
