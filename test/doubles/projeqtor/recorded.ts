import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The recordings of a real ProjeQtor 12.1.1 the double answers from (test/fixtures/projeqtor). */
export interface Recording {
  request: { method: string; url: string; headers: Record<string, string>; body?: { raw?: string; plain?: unknown } };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

const DIR = join(__dirname, '..', '..', 'fixtures', 'projeqtor');

export function recording(name: string): Recording {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Recording;
}

type Row = Record<string, string>;

function firstItem(name: string): Row {
  const body = recording(name).response.body as { items: Row[] };
  return body.items[0]!;
}

function withoutResult(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'apiResult' && k !== 'apiResultMessage'));
}

/** Every key of a Ticket as ProjeQtor returns it, in its order, from the recorded create. */
export const TICKET_TEMPLATE: Row = withoutResult(firstItem('ticket_create_post'));
export const NOTE_TEMPLATE: Row = withoutResult(firstItem('note_create_on_ticket'));
export const PROJECT_TEMPLATE: Row = firstItem('auth_wrong_password_still_accepted');
export const STATUS_ROWS: Row[] = (recording('setup_list_statuses').response.body as { items: Row[] }).items;
export const URGENCY_ROWS: Row[] = (recording('setup_list_urgencies').response.body as { items: Row[] }).items;
export const PRIORITY_ROWS: Row[] = (recording('setup_list_priorities').response.body as { items: Row[] }).items;
export const PRIVACY_ROWS: Row[] = (recording('setup_list_privacy').response.body as { items: Row[] }).items;

/** The usage text ProjeQtor answers to a malformed GET path, exactly as recorded (already inside the broken JSON). */
export const USAGE_ERROR_BODY = recording('ticket_get_error_non_numeric_id').response.body as string;
/** The PHP warning that replaces the JSON of a failed DELETE, truncated as recorded. */
export const PHP_ERROR_BODY = recording('ticket_delete_again_unknown_id').response.body as string;
