import { DateTime } from 'luxon';
import { ERP_EXTRAFIELDS } from './erp-extrafields';
import type { SlaClock } from './sla-clock';
import { MINUTE_MS } from './business-calendar';

const F = ERP_EXTRAFIELDS.ticket;

/** "2026-11-03 11:00 +01:00": readable in Dolibarr, sortable, unambiguous across DST. */
export function erpInstant(at: Date | undefined, timeZone: string): string | null {
  return at ? DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm ZZ') : null;
}

/** The ERP ticket's SLA extrafields for a clock; a ticket without service level gets them blank. */
export function slaExtrafields(clock: SlaClock | null, timeZone: string, label?: string): Record<string, string | number | null> {
  if (!clock) {
    return { [F.slaPolicy]: label ?? null, [F.slaFirstResponseDue]: null, [F.slaResolutionDue]: null, [F.slaUsedMinutes]: null, [F.slaStatus]: null };
  }
  const due = (t: SlaClock['firstResponse']) => (t?.state === 'met' ? null : erpInstant(t?.dueAt, timeZone));
  return {
    [F.slaPolicy]: clock.policy,
    [F.slaFirstResponseDue]: due(clock.firstResponse),
    [F.slaResolutionDue]: due(clock.resolution),
    [F.slaUsedMinutes]: Math.floor(clock.usedMs / MINUTE_MS),
    [F.slaStatus]: clock.status,
  };
}

/** Only the values that differ from what the ERP ticket holds (either spelling of the key). */
export function changedExtrafields(
  wanted: Record<string, string | number | null>,
  current: Record<string, string | number | null | undefined>,
): Record<string, string | number | null> {
  const norm = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  return Object.fromEntries(Object.entries(wanted).filter(([k, v]) => norm(v) !== norm(current[k] ?? current[`options_${k}`])));
}
