/**
 * Where a call went, for error details and messages. Only method and path: credentials travel in
 * headers, and a URL's query or user info may hold them, so neither is kept.
 */
export interface CallSite {
  /** Which remote system: "dolibarr" or the helpdesk's id in configuration. */
  system: string;
  method: string;
  path: string;
  /** Host, for systems whose URL an administrator types in full (a webhook receiver). */
  host?: string;
}

/** A call site for a full URL, dropping its query and user info. */
export function callSiteOf(system: string, method: string, url: string): CallSite {
  const u = new URL(url);
  return { system, method, path: u.pathname, host: u.host };
}

/** "RT GET /ticket/7" — `label` names the kind of system for people reading the message. */
export function describeCall(label: string, site: CallSite): string {
  return `${label} ${site.method} ${site.host ?? ''}${site.path}`;
}
