// docs/getting-started.md, followed to the letter: its run-by shell blocks run in order against a
// real `picket start` on an empty data dir (embedded Postgres), and each answer is what the guide
// says it is.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markedBlock } from './markdown-reader.ts';
import { startPicketProcess, stopChild } from './picket-process.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const GUIDE = path.join(ROOT, 'docs/getting-started.md');

let dataDir: string;
let picket: Awaited<ReturnType<typeof startPicketProcess>> | undefined;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-getting-started-'));
});
afterAll(async () => {
  await stopChild(picket?.child);
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** Runs the guide's block `name` in the repository, as a reader would in theirs; its stdout. */
async function step(name: string, env: Record<string, string>, after = ''): Promise<string> {
  const script = markedBlock(await fs.readFile(GUIDE, 'utf8'), name) + after;
  const { stdout } = await run('sh', ['-e', '-c', script], {
    cwd: ROOT,
    env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: process.env.HOME, PICKET_DATA_DIR: dataDir, ...env },
  });
  return stdout;
}

describe('docs/getting-started.md', () => {
  it('walks the guide: first start, admin password, send, find, rule, alert, incident', async () => {
    picket = await startPicketProcess({ PICKET_DATA_DIR: dataDir });
    const env = { PICKET: picket.url };

    // Step 2: the first admin's password is kept in the data dir.
    expect(picket.output()).toMatch(/Created the first admin admin@localhost/);
    expect((await fs.readFile(path.join(dataDir, 'admin-password'), 'utf8')).trim()).toMatch(
      /^admin@localhost\n\S{12,}$/,
    );

    // Step 3.
    expect(JSON.parse(await step('send-event', env))).toEqual({ accepted: 1, rejected: [] });

    // Step 4: the token, then the search.
    const token = await step('make-token', env, '\nprintf %s "$TOKEN"');
    expect(token).toMatch(/^pkt_\S+$/);
    const withToken = { ...env, TOKEN: token };
    const found = JSON.parse(await step('find-event', withToken));
    expect(found.total).toBe(1);
    expect(found.events[0].details).toMatchObject({ username: 'bob', sourceipaddress: '203.0.113.9', success: false });

    // Step 5.
    const rule = JSON.parse(await step('make-rule', withToken));
    expect(rule).toMatchObject({ name: 'Failed SSH logins', type: 'threshold', enabled: true });

    // Step 6: three failed logins, one alert with the promised summary.
    const sent = (await step('trigger-alert', env))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(sent).toEqual([1, 2, 3].map(() => ({ accepted: 1, rejected: [] })));
    await expect
      .poll(async () =>
        (
          JSON.parse(await step('list-alerts', withToken)) as { alerts: Array<{ summary: string; ruleId: string }> }
        ).alerts.map((a) => `${a.ruleId} ${a.summary}`),
      )
      .toEqual([`${rule.id} 3 failed logins from 203.0.113.9`]);

    // Step 7.
    const incident = JSON.parse(await step('open-case', withToken));
    expect(incident).toMatchObject({
      kind: 'incident',
      summary: 'SSH brute force from 203.0.113.9',
      severity: 'high',
      phase: 'Identification',
    });
  }, 300_000);
});
