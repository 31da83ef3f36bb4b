// Queue mode: a web process (`picket start`) and a worker (`picket worker`) as child processes on
// one Postgres and Redis, sharing one plugins directory. The worker runs the plugins; a reload asked
// of the web process reaches it through the bus, and its plugin failures show in the web process's
// plugins.status. Needs REDIS_URL (CI sets it); skipped without.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { QueueCluster } from './queue-cluster.ts';
import { ingest, trpcHttp } from './trpc-http-client.ts';
import { eventually } from './trpc-ws-client.ts';

const redisUrl = inject('redisUrl');
if (!redisUrl)
  console.warn('scale-out plugins test skipped: set REDIS_URL (CI does) to run a web process and a worker on Redis');

const plugin = (tag: string) => `import { definePlugin } from 'picket/plugin';
export default definePlugin({ name: 'versioned', priority: 60, registration: ['*'], onEvent(e) { if (e.category === 'plugin-version') e.tags.push('${tag}'); return e; } });
`;
const THROWER = `import { definePlugin } from 'picket/plugin';
export default definePlugin({ name: 'worker-thrower', priority: 61, registration: ['explode'], onEvent() { throw new Error('thrown on the worker'); } });
`;

describe.skipIf(!redisUrl)('admin plugins in queue mode', () => {
  const cluster = new QueueCluster(redisUrl);
  let web: string;
  let plugins: string;
  const tagsOf = async (summary: string) =>
    (
      await cluster.db.pool.query<{ tags: string[] }>(
        `SELECT tags FROM events WHERE category = 'plugin-version' AND summary = $1`,
        [summary],
      )
    ).rows[0]?.tags;

  beforeAll(async () => {
    await cluster.open();
    plugins = await cluster.tmpDir();
    await fs.writeFile(path.join(plugins, 'versioned.ts'), plugin('v1'));
    await fs.writeFile(path.join(plugins, 'thrower.ts'), THROWER);
    web = (await cluster.web({ PICKET_PLUGINS_DIR: plugins })).url;
    await cluster.worker([], { PICKET_PLUGINS_DIR: plugins });
  });

  afterAll(() => cluster.close());

  it('the worker runs the plugins; a reload on the web process reaches it; its failures show on the web process', async () => {
    const trpc = trpcHttp(web, cluster.adminToken);
    await ingest(web, [{ category: 'plugin-version', summary: 'before' }]);
    await eventually(async () => expect(await tagsOf('before')).toEqual(['v1']), 30_000);

    await fs.writeFile(path.join(plugins, 'versioned.ts'), plugin('v2'));
    const reloaded = await trpc.plugins.reload.mutate();
    expect(reloaded.processes[0].plugins.map((p) => p.name)).toContain('versioned');
    // The worker reloads when it hears the bus; events after that are tagged by the new file.
    await eventually(async () => {
      const summary = `after-${crypto.randomUUID().slice(0, 6)}`;
      await ingest(web, [{ category: 'plugin-version', summary }]);
      await eventually(async () => expect(await tagsOf(summary)).toBeDefined(), 30_000);
      expect(await tagsOf(summary)).toEqual(['v2']);
    }, 60_000);

    // The worker's report (every 10 s) carries the failure it saw (a reload resets counts: after it).
    await ingest(web, [{ category: 'x', summary: 'boom', details: { explode: 1 } }]);
    await eventually(async () => {
      const { processes } = await trpc.plugins.status.query();
      const worker = processes.find((p) => p.label.endsWith('(worker)'));
      expect(worker?.plugins.find((p) => p.name === 'worker-thrower')).toMatchObject({
        errors: 1,
        lastError: { message: 'thrown on the worker' },
      });
    }, 60_000);
    // The event the thrower failed on was stored all the same.
    expect((await cluster.db.pool.query(`SELECT 1 FROM events WHERE summary = 'boom'`)).rowCount).toBe(1);
  }, 240_000);
});
