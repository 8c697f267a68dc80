import { actionObject } from './payloads';
import type { AgendaEvent, DoubleState } from './state';
import { API_USER_ID, nextId, nowTs, refPeriod } from './state';
import type { WebhookEmitter } from './webhooks';

/** What every route and user action works on: the in-memory database and the webhook target. */
export interface DoubleContext {
  state: DoubleState;
  hooks: WebhookEmitter;
}

export interface NewEvent {
  code: string;
  type_code?: string;
  label: string;
  note_private: string | null;
  elementtype: string | null;
  elementid: number | null;
  socid: number | null;
  userownerid?: number;
  datep?: number;
  datef?: number | null;
  percentage?: number;
  email_from?: string | null;
  fk_contact?: number | null;
  /** Echoed in the ACTION_CREATE payload's context, as Dolibarr does for POST /agendaevents (not for newmessage). */
  caller?: string;
}

/** Inserts an agenda event and fires ACTION_CREATE, as Dolibarr does for its automatic and manual events. */
export function addEvent(ctx: DoubleContext, e: NewEvent): AgendaEvent {
  const now = nowTs();
  const event: AgendaEvent = {
    id: nextId(ctx.state, 'events'),
    code: e.code,
    type_code: e.type_code ?? 'AC_OTH_AUTO',
    label: e.label,
    note_private: e.note_private,
    elementtype: e.elementtype,
    elementid: e.elementid,
    userownerid: e.userownerid ?? API_USER_ID,
    authorid: API_USER_ID,
    socid: e.socid,
    datep: e.datep ?? now,
    datef: e.datef === undefined ? now : e.datef,
    datec: now,
    percentage: e.percentage ?? -1,
    email_from: e.email_from ?? null,
    fk_contact: e.fk_contact ?? null,
  };
  ctx.state.events.push(event);
  ctx.hooks.emit('ACTION_CREATE', actionObject(event, e.caller));
  return event;
}

/** The automatic event an object trigger writes before the webhook sees the trigger itself. */
export function autoEvent(ctx: DoubleContext, code: string, text: string, elementtype: string, elementid: number, socid: number | null): void {
  addEvent(ctx, { code: `AC_${code}`, label: text, note_private: text, elementtype, elementid, socid });
}

/** Next definitive ref such as TS2611-0003 or FI2611-0001 (per prefix and month). */
export function nextRef(ctx: DoubleContext, prefix: string): string {
  const period = refPeriod(nowTs());
  const n = nextId(ctx.state, `ref:${prefix}${period}`);
  return `${prefix}${period}-${String(n).padStart(4, '0')}`;
}
