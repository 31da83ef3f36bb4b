import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  cleanUp,
  embeddedPool,
  healthStatus,
  logLinesSince,
  startPicket,
  stopPicket,
  type FaultPicket,
} from './fault-process.ts';
import { durabilityProblems, IngestLoad, sleep, storedCounts, timeUntil } from './ingest-load.ts';

const run = promisify(execFile);
// Room for the cluster (~40 MB after initdb and migrations) and a little ingest, then a filler takes the rest.
const TMPFS_SIZE = '160m';
const FULL_MS = 6000;

/** Writes zeros until the file system refuses: the data dir is then full to the last block. */
async function fill(file: string): Promise<number> {
  const chunk = Buffer.alloc(1024 * 1024);
  const fh = await fs.open(file, 'w');
  let written = 0;
  try {
    for (;;) written += (await fh.write(chunk)).bytesWritten;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await fh.close().catch(() => undefined);
  }
  // Whatever a partial write left: top it up byte-wise until nothing fits.
  await fs.appendFile(file, Buffer.alloc(4096)).catch(() => undefined);
  return written;
}

// The embedded default with PICKET_DATA_DIR on a small tmpfs that is then filled up.
describe('fault: the data dir runs out of disk space', () => {
  let mount: string;
  let mounted = false;
  let skipReason = '';
  let picket: FaultPicket | undefined;
  beforeAll(async () => {
    mount = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-fault-disk-'));
    try {
      await run('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE},mode=0755`, 'picket-fault-disk', mount]);
      mounted = true;
    } catch (err) {
      skipReason = `cannot mount a tmpfs here (${(err as Error).message.trim().split('\n')[0]}); the disk-full case needs root and mount permission`;
    }
  });
  afterAll(async () => {
    if (picket) await stopPicket(picket);
    await cleanUp(mount);
    if (mounted) await run('umount', [mount]).catch(() => run('umount', ['-l', mount]));
    await fs.rm(mount, { recursive: true, force: true });
  });

  it('refuses with clear 507/503 JSON errors, stays up, and recovers without losing or corrupting anything', async (ctx) => {
    if (!mounted) {
      console.warn(`SKIPPED disk-full fault case: ${skipReason}`);
      ctx.skip();
    }
    const env = { PICKET_DATA_DIR: mount };
    picket = await startPicket(env);
    const p = picket;
    onTestFailed(() => console.log(p.output().slice(-6000)));
    const load = new IngestLoad({ url: () => p.url, clients: 3, batch: 50, tag: 'fault-disk-full' }).start();
    expect(await load.waitForAcked(1500)).toBe(true);

    const logFrom = p.output().length;
    const filler = path.join(mount, 'filler');
    const filled = await fill(filler);
    const refusedBefore = load.count(503) + load.count(507);
    // Writes go on until Postgres needs a new block or WAL segment; from then on every batch is refused.
    const refusing = await timeUntil(async () => load.count(503) + load.count(507) > refusedBefore + 5, 60_000, 100);
    expect(refusing, 'ingest never refused on a full disk').toBeDefined();
    await sleep(FULL_MS / 2);
    const during = (await (await fetch(`${p.url}/api/health`)).json()) as {
      status: string;
      database: string;
      dependencies: Record<string, { status: string; details?: Record<string, unknown> }>;
    };
    expect(during.status).toBe('degraded');
    expect(during.database).toMatch(/^embedded:disk full \(\d+ refused\)$/);
    // Reads still work: Postgres answers, but is degraded for what this process has seen.
    expect(during.dependencies.postgres).toMatchObject({
      status: 'degraded',
      details: { mode: 'embedded', state: 'disk full' },
    });
    // Then the write-ahead log needs a new segment and cannot have one: Postgres stops (PANIC) and
    // its crash recovery cannot finish either until there is space again.
    const admin = await embeddedPool(mount);
    await admin.query('SELECT pg_switch_wal()').catch(() => undefined);
    await admin.query('SELECT pg_switch_wal()').catch(() => undefined);
    await admin.end();
    await sleep(FULL_MS / 2);
    expect((await fetch(`${p.url}/status`)).status).toBe(200);
    const afterWal = (await (await fetch(`${p.url}/api/health`)).json()) as { status: string; database: string };
    const status = { r507: load.count(507), r503: load.count(503) };

    await fs.rm(filler);
    const freedAt = Date.now();
    const resumed = await load.waitForAcked(500, 90_000);
    expect(resumed, 'ingest did not resume once space returned').toBe(true);
    const resumedMs = Date.now() - freedAt;
    const healthyMs = await timeUntil(async () => (await healthStatus(p.url)) === 'ok', 60_000, 250);
    expect(healthyMs, 'health did not recover').toBeDefined();
    const report = await load.stop();
    const lines = logLinesSince(p, logFrom);

    expect(report.violations).toEqual([]);
    expect(p.child.exitCode).toBeNull();
    expect(lines.filter((l) => JSON.stringify(l).includes('    at '))).toEqual([]);
    expect(lines.length, lines.map((l) => l.msg).join('\n')).toBeLessThanOrEqual(20);
    // A clean stop and a new start on the same data dir: the cluster came through intact.
    expect(await stopPicket(p)).toBe(0);
    picket = await startPicket(env);
    const pool = await embeddedPool(mount);
    try {
      expect(
        durabilityProblems(report, await storedCounts((sql, params) => pool.query(sql, params), 'fault-disk-full')),
      ).toEqual([]);
      expect(await corruption(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
    console.log(
      JSON.stringify({
        fault: 'disk-full',
        tmpfs: TMPFS_SIZE,
        fillerMB: Math.round(filled / 1048576),
        refusedWhileFull: status,
        healthWhileFull: during.database,
        healthAfterWalFull: afterWal.database,
        resumedAfterSpaceMs: resumedMs,
        acked: report.acked.size,
        logLines: lines.map((l) => `${l.msg} ${l.reason ?? ''}`),
      }),
    );
  });
});

/** amcheck over the events partitions and their B-tree indexes: an empty list when the pages are sound. */
async function corruption(pool: import('pg').Pool): Promise<string[]> {
  await pool.query('CREATE EXTENSION IF NOT EXISTS amcheck');
  const problems: string[] = [];
  const { rows: heaps } = await pool.query<{ rel: string }>(
    `SELECT c.oid::regclass::text AS rel FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass`,
  );
  for (const { rel } of heaps) {
    const { rows } = await pool.query<{ msg: string }>(`SELECT msg FROM verify_heapam($1::regclass)`, [rel]);
    problems.push(...rows.map((r) => `${rel}: ${r.msg}`));
  }
  const { rows: indexes } = await pool.query<{ idx: string }>(
    `SELECT ix.indexrelid::regclass::text AS idx FROM pg_index ix JOIN pg_class c ON c.oid = ix.indexrelid JOIN pg_am am ON am.oid = c.relam
     JOIN pg_inherits i ON i.inhrelid = ix.indrelid WHERE i.inhparent = 'events'::regclass AND am.amname = 'btree'`,
  );
  for (const { idx } of indexes) await pool.query(`SELECT bt_index_check($1::regclass, true)`, [idx]);
  return problems;
}
