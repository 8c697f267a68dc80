import type { DolibarrApi } from '../../erp/dolibarr/api';
import { isIntegrationError } from '../../plugin-sdk';
import { getLogger, type Logger } from '../../logging/logger';
import type { LinkStore, TicketKey } from '../ports';
import type { InterventionAction, InterventionLineDeletion, InterventionReport, InterventionTarget } from '../rules/intervention-actions';
import type { InterventionGroup } from '../rules/intervention-groups';

export interface ApplyInterventionDeps {
  ticketKey: TicketKey;
  /** deleteInterventionLine is needed only when the plan was made with canDeleteLines: true. */
  erp: Pick<DolibarrApi, 'createIntervention' | 'addInterventionLine' | 'validateIntervention' | 'closeIntervention'> &
    Partial<InterventionLineDeletion>;
  links: Pick<LinkStore, 'saveTimeEntryLink' | 'deleteTimeEntryLink'>;
  logger?: Logger;
}

export interface ApplyInterventionResult {
  created: Array<{ group: InterventionGroup; interventionId: number }>;
  linesAdded: Array<{ entryId: string; interventionId: number; lineId: number }>;
  linesAdopted: number;
  linesDeleted: number;
  validated: number[];
  closed: number[];
  reports: InterventionReport[];
}

/**
 * Executes a plan in order. Each line's link is saved right after the line is created,
 * so a retry never adds it twice. A failure stops here and throws: re-plan from fresh
 * state rather than resuming.
 */
export async function applyInterventionPlan(plan: InterventionAction[], deps: ApplyInterventionDeps): Promise<ApplyInterventionResult> {
  const log = deps.logger ?? getLogger('interventions');
  const { ticketKey: key, erp, links } = deps;
  const result: ApplyInterventionResult = { created: [], linesAdded: [], linesAdopted: 0, linesDeleted: 0, validated: [], closed: [], reports: [] };
  const createdByGroup = new Map<InterventionGroup, number>();
  const resolve = (t: InterventionTarget): number => {
    if (t.kind === 'existing') return t.interventionId;
    const id = createdByGroup.get(t.group);
    if (id === undefined) throw new Error(`intervention plan: no intervention created for group ${t.group} before using it`);
    return id;
  };

  for (const action of plan) {
    switch (action.type) {
      case 'create-intervention': {
        const id = await erp.createIntervention(action.input);
        createdByGroup.set(action.group, id);
        result.created.push({ group: action.group, interventionId: id });
        log.info('intervention created', { ...key, interventionId: id, group: action.group });
        break;
      }
      case 'add-line': {
        const interventionId = resolve(action.target);
        const lineId = await erp.addInterventionLine(interventionId, action.line);
        await links.saveTimeEntryLink(key, {
          entryId: action.entryId,
          interventionId,
          lineId,
          seconds: action.line.durationSeconds,
          startMs: action.line.date.getTime(),
        });
        result.linesAdded.push({ entryId: action.entryId, interventionId, lineId });
        break;
      }
      case 'adopt-line':
        await links.saveTimeEntryLink(key, {
          entryId: action.entryId,
          interventionId: action.interventionId,
          lineId: action.lineId,
          seconds: action.seconds,
          startMs: action.startMs,
        });
        result.linesAdopted++;
        log.info('unlinked intervention line adopted', { ...key, entryId: action.entryId, lineId: action.lineId });
        break;
      case 'delete-line': {
        if (!erp.deleteInterventionLine) throw new Error('intervention plan deletes a line but the Dolibarr client cannot delete intervention lines');
        try {
          await erp.deleteInterventionLine(action.interventionId, action.lineId);
        } catch (err) {
          // Already gone (a retry after the delete succeeded, or removed by hand): the goal is reached.
          if (!(isIntegrationError(err) && err.kind === 'not_found')) throw err;
        }
        await links.deleteTimeEntryLink(key, action.entryId);
        result.linesDeleted++;
        break;
      }
      case 'forget-link':
        await links.deleteTimeEntryLink(key, action.entryId);
        break;
      case 'validate': {
        const id = resolve(action.target);
        await erp.validateIntervention(id);
        result.validated.push(id);
        log.info('intervention validated', { ...key, interventionId: id });
        break;
      }
      case 'close': {
        const id = resolve(action.target);
        await erp.closeIntervention(id);
        result.closed.push(id);
        log.info('intervention closed (done) with its ticket', { ...key, interventionId: id });
        break;
      }
      case 'report':
        log.warn('time entry needs attention', {
          ...key,
          reason: action.report.reason,
          entryId: action.report.entryId,
          interventionId: action.report.interventionId,
          text: action.report.message,
        });
        result.reports.push(action.report);
        break;
    }
  }
  return result;
}
