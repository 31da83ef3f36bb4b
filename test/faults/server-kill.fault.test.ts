import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { exited } from '../picket-process.ts';
import { cleanUp, embeddedPool, startPicket, stopPicket, type FaultPicket } from './fault-process.ts';
import { durabilityProblems, IngestLoad, storedCounts } from './ingest-load.ts';

const KILLS = 2;

// The default install (embedded Postgres), its server process killed mid-ingest again and again.
describe('fault: kill -9 of the Picket server during sustained ingest', () => {
  let dataDir: string;
  let picket: FaultPicket | undefined;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-fault-kill-'));
  });
  afterAll(async () => {
    if (picket) await stopPicket(picket);
    await cleanUp(dataDir);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event exactly once across crashes and restarts', async () => {
    picket = await startPicket({ PICKET_DATA_DIR: dataDir });
    onTestFailed(() => console.log(picket?.output().slice(-6000)));
    const load = new IngestLoad({ url: () => picket!.url, clients: 6, batch: 50, tag: 'fault-server-kill' }).start();
    const restartsMs: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      // Kill once enough is acknowledged (not after a fixed time: a loaded machine acknowledges
      // less), while every client has a request in flight.
      expect(await load.waitForAcked(1000 + Math.floor(Math.random() * 500))).toBe(true);
      picket.child.kill('SIGKILL');
      await exited(picket.child);
      const began = Date.now();
      // The next process adopts the embedded Postgres the dead one left running.
      picket = await startPicket({ PICKET_DATA_DIR: dataDir });
      restartsMs.push(Date.now() - began);
    }
    expect(await load.waitForAcked(1000)).toBe(true);
    const report = await load.stop();

    expect(report.violations).toEqual([]);
    expect(report.noAnswer, 'no request was cut by a kill').toBeGreaterThan(0);
    const pool = await embeddedPool(dataDir);
    try {
      expect(
        durabilityProblems(report, await storedCounts((sql, params) => pool.query(sql, params), 'fault-server-kill')),
      ).toEqual([]);
    } finally {
      await pool.end();
    }
    console.log(
      JSON.stringify({
        fault: 'server-kill',
        kills: KILLS,
        restartsMs,
        acked: report.acked.size,
        unanswered: report.noAnswer,
        statuses: Object.fromEntries(report.statuses),
      }),
    );
    expect(await stopPicket(picket)).toBe(0);
    picket = undefined;
  });
});
