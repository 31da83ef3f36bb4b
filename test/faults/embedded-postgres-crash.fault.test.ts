import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { embeddedPostmasterPid } from '../picket-process.ts';
import {
  cleanUp,
  embeddedPool,
  healthStatus,
  logLinesSince,
  startPicket,
  stopPicket,
  type FaultPicket,
} from './fault-process.ts';
import { durabilityProblems, IngestLoad, storedCounts, timeUntil } from './ingest-load.ts';

// The default install: Picket owns an embedded Postgres. Killing its postmaster must not need a person.
describe('fault: kill -9 of the embedded Postgres under load', () => {
  let dataDir: string;
  let picket: FaultPicket | undefined;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-fault-embedded-'));
  });
  afterAll(async () => {
    if (picket) await stopPicket(picket);
    await cleanUp(dataDir);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('restarts the database, recovers health by itself, keeps every acknowledged event, and logs the outage briefly', async () => {
    picket = await startPicket({ PICKET_DATA_DIR: dataDir });
    const p = picket;
    onTestFailed(() => console.log(p.output().slice(-6000)));
    const load = new IngestLoad({ url: () => p.url, clients: 4, batch: 50, tag: 'fault-embedded-crash' }).start();
    expect(await load.waitForAcked(2000)).toBe(true);

    const logFrom = p.output().length;
    const postmaster = await embeddedPostmasterPid(dataDir);
    process.kill(postmaster, 'SIGKILL');
    const killedAt = Date.now();
    const down = await timeUntil(async () => (await healthStatus(p.url)) !== 'ok', 15_000, 100);
    expect(down, 'health never noticed the dead database').toBeDefined();
    // Supervision restarts the cluster (crash recovery runs) and the pool reconnects on its own.
    const recovered = await timeUntil(async () => (await healthStatus(p.url)) === 'ok', 60_000, 250);
    expect(recovered, 'health stayed degraded after the database died').toBeDefined();
    const outageMs = Date.now() - killedAt;
    const refusedDuringOutage = load.count(503);
    expect(await embeddedPostmasterPid(dataDir)).not.toBe(postmaster);
    expect(await load.waitForAcked(2000), 'ingest did not resume').toBe(true);
    const report = await load.stop();

    expect(report.violations).toEqual([]);
    expect(refusedDuringOutage + report.noAnswer, 'no request was refused: the kill came too late').toBeGreaterThan(0);
    const pool = await embeddedPool(dataDir);
    try {
      expect(
        durabilityProblems(
          report,
          await storedCounts((sql, params) => pool.query(sql, params), 'fault-embedded-crash'),
        ),
      ).toEqual([]);
    } finally {
      await pool.end();
    }

    // One line when the database fails, a few about the restart, one when it is back: not one per request.
    const lines = logLinesSince(p, logFrom);
    const stackTraces = lines.filter((l) => JSON.stringify(l).includes('    at '));
    expect(stackTraces).toEqual([]);
    expect(lines.length, lines.map((l) => l.msg).join('\n')).toBeLessThanOrEqual(12);
    const back = lines.find((l) => typeof l.msg === 'string' && /postgres back after/.test(l.msg));
    expect(back, 'no recovery line').toBeDefined();
    console.log(
      JSON.stringify({
        fault: 'embedded-postgres-kill',
        outageMs,
        healthDownAfterMs: down,
        refused503: refusedDuringOutage,
        noAnswer: report.noAnswer,
        acked: report.acked.size,
        logLines: lines.length,
        messages: lines.map((l) => `${l.time} ${l.msg} ${l.reason ?? ''}`),
      }),
    );
    expect(await stopPicket(p)).toBe(0);
    picket = undefined;
  });
});
