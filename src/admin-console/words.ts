/** Failure reasons as the worker records them ("<system> <kind>: <message>"), told in words for the admin page. */
const KIND_WORDS: Record<string, string> = {
  auth: 'refused the bridge’s credentials (check the API key or token)',
  forbidden: 'denied the bridge the right to do this (check the user’s permissions)',
  not_found: 'does not have the object the bridge asked for',
  invalid: 'refused the data as invalid',
  duplicate: 'already has this object',
  rate_limited: 'asked the bridge to slow down',
  server: 'had an internal error',
  connection: 'could not be reached',
  timeout: 'did not answer in time',
  schema: 'answered in a shape the bridge does not understand',
};

function systemName(system: string): string {
  return system === 'dolibarr' ? 'Dolibarr' : `Helpdesk “${system}”`;
}

const STATUS_KINDS: Array<[RegExp, string]> = [
  [/^401$/, 'auth'],
  [/^403$/, 'forbidden'],
  [/^404$/, 'not_found'],
  [/^429$/, 'rate_limited'],
  [/^5\d\d$/, 'server'],
  [/^4\d\d$/, 'invalid'],
];

/**
 * Permanent failures are recorded as "<system> <kind>: <message>"; retryable ones that ran out of attempts keep the
 * error's own message ("Dolibarr POST /tickets answered 503", "… timed out", "… failed: ECONNREFUSED").
 */
export function reasonInWords(reason: string | undefined): string {
  if (!reason) return 'No reason was recorded.';
  const m = /^([a-z][a-z0-9-]*) ([a-z_]+): /.exec(reason);
  if (m && KIND_WORDS[m[2]]) return `${systemName(m[1])} ${KIND_WORDS[m[2]]}.`;
  const who = /^Dolibarr /.test(reason) ? 'Dolibarr' : 'The remote system';
  const status = / answered (\d{3})\b/.exec(reason)?.[1];
  const kind = status ? STATUS_KINDS.find(([re]) => re.test(status))?.[1] : undefined;
  if (kind) return `${who} ${KIND_WORDS[kind]}.`;
  if (/timed out/i.test(reason)) return `${who} ${KIND_WORDS.timeout}.`;
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|socket hang up/.test(reason)) return `${who} ${KIND_WORDS.connection}.`;
  if (/ refused: over the limits /.test(reason)) {
    return 'The helpdesk ticket has a field Dolibarr cannot take (named in the reason); the helpdesk was told, and the ticket is mirrored at its next change once the field is fixed there.';
  }
  if (/attempts? exhausted|stalled/i.test(reason)) return 'The job kept failing and ran out of attempts.';
  if (/payload|invalid/i.test(reason)) return 'The job’s data was refused as invalid; replaying will not help until it is fixed.';
  return 'The bridge stopped on an unexpected error.';
}
