import { decodeHTML } from 'entities';
import { RefusedValueError } from './error-mapping';

export { RefusedValueError };

/**
 * Dolibarr's injection firewall (`htdocs/waf.inc.php`, run by `main.inc.php` before the REST API):
 * `testSqlAndScriptInject` answers 403 with an HTML page when the URL path (`PHP_SELF`, type 2) or
 * the url-decoded query string (type 1) matches one of these rules. JSON bodies are not scanned
 * (they never reach `$_POST`). The rules are listed in README.md; this is their one copy in code.
 */
export type FirewallScope = 'path' | 'query';

interface Rule {
  name: string;
  pattern: RegExp;
  scopes: readonly FirewallScope[];
}

const BOTH: readonly FirewallScope[] = ['path', 'query'];
const QUERY: readonly FirewallScope[] = ['query'];
const PATH: readonly FirewallScope[] = ['path'];

const DOM_EVENT_GROUPS = [
  'abort|after|animation|auxclick|before|blur|bounce|cancel|canplay|canplaythrough|change|click|close|content|contextmenu|cuechange|copy|cut',
  'dblclick|drag|drop|durationchange|emptied|end|ended|error|focus|focusin|focusout|formdata|gotpointercapture|hashchange|input|invalid',
  'key|load|lostpointercapture|mouse',
  'offline|online|pagehide|pageshow|pointer',
  'paste|pause|play|playing|progress|ratechange|reset|resize|scroll|select|search|seeked|seeking|show|stalled|start|submit|suspend',
  'timeupdate|touch|transition|toggle|unload|volumechange|waiting|wheel',
  'repeat|begin|finish',
];

const RULES: readonly Rule[] = [
  { name: 'sql: delete from', pattern: /delete[/*\s]*from/i, scopes: QUERY },
  { name: 'sql: create table', pattern: /create[/*\s]*table/i, scopes: QUERY },
  { name: 'sql: insert into', pattern: /insert[/*\s]*into/i, scopes: QUERY },
  { name: 'sql: select from', pattern: /select[/*\s]*from/i, scopes: QUERY },
  { name: 'sql: from dual', pattern: /from[/*\s]*dual/i, scopes: QUERY },
  { name: 'sql: into outfile', pattern: /into[/*\s]*(outfile|dumpfile)/i, scopes: QUERY },
  { name: 'sql: user(', pattern: /user[/*\s]*\(/i, scopes: QUERY },
  { name: 'sql: information_schema', pattern: /information_schema/i, scopes: QUERY },
  { name: 'html: <svg', pattern: /<svg/i, scopes: QUERY },
  { name: 'sql: update … set … =', pattern: /update[^&=\w].*set.+=/i, scopes: QUERY },
  { name: 'sql: union … select', pattern: /union.+select/i, scopes: QUERY },
  { name: 'sql: updatexml(', pattern: /updatexml\(/i, scopes: QUERY },
  { name: 'path traversal ..%2f', pattern: /(\.\.%2f)+/i, scopes: QUERY },
  { name: 'sql: @@ variable', pattern: /\s@@/, scopes: QUERY },
  { name: 'html: </textarea', pattern: /<\/textarea/i, scopes: BOTH },
  { name: 'html: <embed', pattern: /<embed/i, scopes: BOTH },
  { name: 'html: <audio', pattern: /<audio/i, scopes: BOTH },
  { name: 'html: <iframe', pattern: /<iframe/i, scopes: BOTH },
  { name: 'html: <object', pattern: /<object/i, scopes: BOTH },
  { name: 'html: <script', pattern: /<script/i, scopes: BOTH },
  { name: 'js: Set.constructor', pattern: /Set\.constructor/i, scopes: BOTH },
  { name: 'html: <style', pattern: /<style/i, scopes: BOTH },
  { name: 'html: base href', pattern: /base\s+href/is, scopes: BOTH },
  { name: 'html: =data:', pattern: /=data:/is, scopes: BOTH },
  ...DOM_EVENT_GROUPS.map((g) => ({ name: 'html: on<event>=', pattern: new RegExp(`on(${g})[a-z]*\\s*=`, 'i'), scopes: BOTH })),
  { name: 'encoded colon', pattern: /&#58;|&#0000058|&#x3A/i, scopes: BOTH },
  { name: 'javascript:', pattern: /j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i, scopes: BOTH },
  { name: 'vbscript:', pattern: /vbscript\s*:/i, scopes: BOTH },
  { name: 'double quote in a query', pattern: /"/, scopes: QUERY },
  { name: 'path character (one of : ; " \' < > ? ( ) { } $ % #)', pattern: /[:;"'<>?(){}$%#]/, scopes: PATH },
];

// Characters the firewall strips to detect obfuscation; their mere presence is a refusal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first firewall rule the text breaks, or null when Dolibarr lets it through. */
export function firewallRule(text: string, scope: FirewallScope): string | null {
  const val = decodeLikeDolibarr(text);
  if (CONTROL.test(val) || LONE_SURROGATE.test(val)) return 'control character or invalid UTF-8';
  for (const rule of RULES) {
    if (!rule.scopes.includes(scope)) continue;
    if (rule.pattern.test(val)) return rule.name;
    // Dolibarr also tests the event-handler rules with HTML tags removed (`on<a>error=`).
    if (rule.name === 'html: on<event>=' && rule.pattern.test(val.replace(/<[^<]*>/g, ''))) return rule.name;
  }
  return null;
}

/** Entities decoded, HTML comments and tabs/newlines removed, until nothing changes (as Dolibarr does). */
function decodeLikeDolibarr(text: string): string {
  let val = text;
  for (let i = 0; i < 20; i += 1) {
    const next = decodeHTML(val)
      .replace(/<!--[^>]*-->/g, '')
      .replace(/[\r\n\t]/g, '');
    if (next === val) break;
    val = next;
  }
  return val;
}

/** Throws RefusedValueError when the path or the query string would meet the firewall. */
export function assertPassesFirewall(method: string, path: string, query: string, endpoint: string): void {
  const inPath = firewallRule(safeDecode(path), 'path');
  if (inPath) throw new RefusedValueError(`path: ${inPath}`, { method, path: endpoint });
  const inQuery = query ? firewallRule(query, 'query') : null;
  if (inQuery) throw new RefusedValueError(`query: ${inQuery}`, { method, path: endpoint });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '\u0000';
  }
}
