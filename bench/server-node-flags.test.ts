// The bench starts Picket with SERVER_NODE_FLAGS so that it measures what ships: every shipped way
// of starting Picket must pass the same flags, or the bench's figures stop describing them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('node flags of the shipped start commands', () => {
  const commands: Array<[string, string]> = [
    ['npm start', (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start],
    ['picket-web.service', /^ExecStart=(.*)$/m.exec(read('deploy/picket-web.service'))?.[1] ?? ''],
    ['picket-worker@.service', /^ExecStart=(.*)$/m.exec(read('deploy/picket-worker@.service'))?.[1] ?? ''],
    ['Dockerfile', /^ENTRYPOINT (.*)$/m.exec(read('deploy/Dockerfile'))?.[1] ?? ''],
  ];
  it.each(commands)('%s passes the flags the bench uses', (_, command) => {
    expect(command).toContain('bin/picket.mjs');
    for (const flag of SERVER_NODE_FLAGS) expect(command).toContain(flag);
  });
});
