import { ForbiddenError, NotFoundError } from '../../src/plugin-sdk';
import type { JsmDeps } from './deps';
import { myselfSchema, projectSchema } from './schemas';

/** GET /myself answers 401 to bad credentials where issue resources answer 404; throws the AuthError then. */
export async function checkCredentials(deps: Pick<JsmDeps, 'client'>): Promise<{ accountId: string; timeZone?: string }> {
  return deps.client.get('/rest/api/3/myself', {}, myselfSchema);
}

/** The API user sees the service desk's project (Browse projects); a 404 on it means it does not. */
export async function checkProjectVisible(deps: Pick<JsmDeps, 'client' | 'settings'>): Promise<void> {
  const path = `/rest/api/3/project/${deps.settings.projectKey}`;
  try {
    await deps.client.get(path, {}, projectSchema);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    throw new ForbiddenError(`the Jira API user cannot see project ${deps.settings.projectKey} (grant it Browse projects as a service desk agent)`, {
      system: err.system,
      method: 'GET',
      path,
      status: 404,
      remoteMessage: err.remoteMessage,
    });
  }
}
