import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

describe('log lines on stdout', () => {
  it('come out whole and in order, those of the last tick included when the process exits at once', () => {
    const script = `
      const { createRootLogger } = require('./src/logging/logger');
      const log = createRootLogger({ level: 'info' });
      for (let i = 0; i < 50; i++) log.info('line ' + i);
      setImmediate(() => {
        log.warn('last words');
        // Out before the tick's lines are written: as an uncaught error would end it.
        process.nextTick(() => process.nextTick(() => process.exit(3)));
      });`;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(3);
    const messages = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { message: string }).message);
    expect(messages).toEqual([...Array.from({ length: 50 }, (_, i) => `line ${i}`), 'last words']);
  });
});
