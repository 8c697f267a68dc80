const CARD_PATHS = {
  ticket: 'ticket/card.php',
  intervention: 'fichinter/card.php',
  proposal: 'comm/propal/card.php',
  contract: 'contrat/card.php',
  thirdparty: 'societe/card.php',
} as const;

/** A Dolibarr object's page, from the REST API address (`…/api/index.php`). */
export function erpWebUrl(apiUrl: string, kind: keyof typeof CARD_PATHS, id: number): string {
  const base = apiUrl.replace(/\/api\/index\.php\/?$/, '').replace(/\/+$/, '');
  return `${base}/${CARD_PATHS[kind]}?id=${id}`;
}
