import { InvalidRequestError } from '../../src/plugin-sdk';
import { issuePath, type JsmDeps } from './deps';
import { issueSchema, transitionsSchema } from './schemas';

/**
 * Moves the request to a status by name, through a transition its workflow offers now (ids differ per site
 * and status). A transition matches by its target status or its own name. Already there: nothing to do.
 */
export async function transitionTo(deps: JsmDeps, ticketId: string, target: string): Promise<void> {
  const same = (a: string) => a.trim().toLowerCase() === target.trim().toLowerCase();
  const issue = await deps.client.get(issuePath('/rest/api/3/issue', ticketId), { fields: 'summary,status,project,created,updated' }, issueSchema);
  const current = issue.fields.status.name;
  if (same(current)) return;
  const path = issuePath('/rest/api/3/issue', ticketId, '/transitions');
  const { transitions } = await deps.client.get(path, {}, transitionsSchema);
  const chosen = transitions.find((t) => same(t.to.name)) ?? transitions.find((t) => same(t.name));
  if (!chosen) {
    const offered = transitions.map((t) => `"${t.name}" → ${t.to.name}`).join(', ') || 'none';
    throw new InvalidRequestError(
      `Jira request ${issue.key} cannot go from "${current}" to "${target}": no such transition; the workflow offers ${offered}`,
      {
        system: deps.helpdeskId,
        method: 'POST',
        path,
        field: 'state',
      },
    );
  }
  await deps.client.send('POST', path, { transition: { id: chosen.id } });
}
