import { DateTime } from 'luxon';

/**
 * TicketSQL / TransactionSQL literals. Inside '…' RT wants `\'` and `\\`; the SQL style `''` is a parse error.
 * LIKE wildcards (% and _) are not escapable in RT, so values are only ever compared with `=`.
 */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A date literal RT reads correctly: `YYYY-MM-DD HH:MM:SS` in the API user's time zone. An ISO literal ending in
 * `Z` is silently read as midnight of that day, so never send one.
 */
export function dateLiteral(date: Date, timeZone: string): string {
  return quote(DateTime.fromJSDate(date, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss'));
}

/** `(Field = 'a' OR Field = 'b')`. */
export function anyOf(field: string, values: readonly string[]): string {
  return `(${values.map((v) => `${field} = ${quote(v)}`).join(' OR ')})`;
}

/** `CF.{Name}`: braces delimit the name, so names with spaces work (settings reject names with braces). */
export function customField(name: string): string {
  return `CF.{${name}}`;
}
