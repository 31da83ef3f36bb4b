import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { EmbeddedPostgres } from '../../server/db/embedded-postgres.ts';
import { cleanUp, healthStatus, logLinesSince, startPicket, stopPicket, type FaultPicket } from './fault-process.ts';
import { durabilityProblems, IngestLoad, sleep, storedCounts, timeUntil } from './ingest-load.ts';

const DOWN_MS = 4000;

/** Starts the cluster again; right after a kill -9 the old backends may still hold it for a moment. */
async function startAgain(cluster: EmbeddedPostgres): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await cluster.start();
    } catch (err) {
      if (attempt >= 20) throw err;
      await sleep(500);
    }
  }
}

// An external Postgres (DATABASE_URL) restarted under Picket: a cluster of its own, never the
// shared server other suites use. Picket does not manage it; it must ride out the outage.
describe('fault: the Postgres server restarted under load', () => {
  let root: string;
  let cluster: EmbeddedPostgres;
  let picket: FaultPicket | undefined;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-fault-pg-'));
    cluster = new EmbeddedPostgres({ dir: path.join(root, 'cluster') });
    await cluster.start();
  });
  afterAll(async () => {
    if (picket) await stopPicket(picket);
    await cleanUp();
    await cluster?.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down, resumes by itself, and loses nothing acknowledged', async () => {
    const url = await cluster.connectionString();
    picket = await startPicket({ DATABASE_URL: url, PICKET_DATA_DIR: path.join(root, 'picket') });
    const p = picket;
    onTestFailed(() => console.log(p.output().slice(-6000)));
    const load = new IngestLoad({ url: () => p.url, clients: 4, batch: 50, tag: 'fault-pg-restart' }).start();
    const logFrom = p.output().length;
    const outages: Array<{ how: string; refused503: number; recoveredMs: number }> = [];

    for (const how of ['restart', 'kill -9'] as const) {
      expect(await load.waitForAcked(1500)).toBe(true);
      const refusedBefore = load.count(503);
      const began = Date.now();
      if (how === 'restart') await cluster.stop();
      else
        process.kill(
          Number((await fs.readFile(path.join(root, 'cluster/data/postmaster.pid'), 'utf8')).split('\n')[0]),
          'SIGKILL',
        );
      await sleep(DOWN_MS);
      expect(await healthStatus(p.url)).toBe('degraded');
      const health = (await (await fetch(`${p.url}/api/health`)).json()) as {
        database: string;
        dependencies: Record<string, { status: string }>;
      };
      expect(health.database).toMatch(/^external:unreachable \(\d+ refused\)$/);
      expect(health.dependencies.postgres.status).toBe('down');
      await startAgain(cluster);
      const recovered = await timeUntil(async () => (await healthStatus(p.url)) === 'ok', 30_000, 100);
      expect(recovered, `health did not recover after the ${how}`).toBeDefined();
      outages.push({ how, refused503: load.count(503) - refusedBefore, recoveredMs: Date.now() - began - DOWN_MS });
      expect(load.count(503) - refusedBefore, `no 503 during the ${how}`).toBeGreaterThan(0);
    }
    expect(await load.waitForAcked(1500), 'ingest did not resume').toBe(true);
    const report = await load.stop();

    // Every refusal was a JSON 503 with Retry-After; nothing else.
    expect(report.violations).toEqual([]);
    expect(report.noAnswer).toBe(0);
    expect([...report.statuses.keys()].sort()).toEqual([200, 503]);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      expect(
        durabilityProblems(report, await storedCounts((sql, params) => check.query(sql, params), 'fault-pg-restart')),
      ).toEqual([]);
    } finally {
      await check.end();
    }
    const lines = logLinesSince(p, logFrom);
    expect(lines.filter((l) => JSON.stringify(l).includes('    at '))).toEqual([]);
    expect(lines.length, lines.map((l) => l.msg).join('\n')).toBeLessThanOrEqual(8);
    console.log(
      JSON.stringify({
        fault: 'postgres-restart',
        downMs: DOWN_MS,
        outages,
        acked: report.acked.size,
        logLines: lines.map((l) => l.msg),
      }),
    );
    expect(await stopPicket(p)).toBe(0);
    picket = undefined;
  });
});
