import type { NewIntervention, NewInterventionLine } from '../../erp/dolibarr/api';
import type { InterventionGroup } from './intervention-groups';

/** An intervention that exists, or one the plan creates for a group. */
export type InterventionTarget = { kind: 'existing'; interventionId: number } | { kind: 'new'; group: InterventionGroup };

export type ReportReason =
  'rejected' | 'late-entry' | 'changed-after-validation' | 'removed-after-validation' | 'draft-line-not-editable' | 'intervention-missing';

/** Something the helpdesk and the log must hear about; never silently dropped. */
export interface InterventionReport {
  reason: ReportReason;
  entryId: string;
  interventionId?: number;
  /** Rendered from templates; for the helpdesk note and the log. */
  message: string;
  /** Stable across runs for the same fact: deduplicate deliveries on it. */
  key: string;
}

export type InterventionAction =
  | { type: 'create-intervention'; group: InterventionGroup; input: NewIntervention }
  | { type: 'add-line'; target: InterventionTarget; entryId: string; line: NewInterventionLine }
  | { type: 'adopt-line'; interventionId: number; lineId: number; entryId: string; seconds: number; startMs: number }
  | { type: 'delete-line'; interventionId: number; lineId: number; entryId: string }
  | { type: 'forget-link'; entryId: string }
  | { type: 'validate'; target: InterventionTarget }
  | { type: 'close'; target: InterventionTarget }
  | { type: 'report'; report: InterventionReport };

/** Dolibarr offers DELETE /interventions/{id}/lines/{lineid} (swagger) but the client contract lacks it. */
export interface InterventionLineDeletion {
  deleteInterventionLine(interventionId: number, lineId: number): Promise<void>;
}
