import fs from 'node:fs';
import path from 'node:path';
import { nodeFlagsOf, scriptNodeFlags } from '../e2e/support/service-process';

function dockerFlags(): string[] {
  const dockerfile = fs.readFileSync(path.resolve(__dirname, '../../Dockerfile'), 'utf8');
  return nodeFlagsOf(JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)![1]) as string[]);
}

describe('the node flags the service runs with', () => {
  it('are the same for npm start, the quick start and the Docker image', () => {
    expect(scriptNodeFlags('start')).toEqual(dockerFlags());
    expect(scriptNodeFlags('setup-and-start')).toEqual(dockerFlags());
  });
});
