import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The node flags before the script in a command line: what V8 runs the service with. */
function nodeFlags(command: string[]): string[] {
  const script = command.findIndex((arg) => arg.endsWith('dist/src/cli.js'));
  return command.slice(1, script);
}

function scriptFlags(name: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const command = pkg.scripts[name].split('&&').pop()!.trim().split(/\s+/);
  return nodeFlags(command);
}

function dockerFlags(): string[] {
  const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  return nodeFlags(JSON.parse(entrypoint![1]) as string[]);
}

describe('the node flags the service runs with', () => {
  it('are the same for npm start, the quick start and the Docker image', () => {
    expect(scriptFlags('start')).toEqual(dockerFlags());
    expect(scriptFlags('setup-and-start')).toEqual(dockerFlags());
  });
});
