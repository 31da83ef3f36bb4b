import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from '../../server/db/embedded-postgres.ts';
import { exited, startPicketProcess, stopEmbeddedPostgres } from '../picket-process.ts';

export interface FaultPicket {
  child: ChildProcess;
  url: string;
  output: () => string;
}

const started = new Set<ChildProcess>();

/** `picket start` as a child, logging at the default level (info) so the outage lines are counted as an operator sees them. */
export async function startPicket(env: Record<string, string>): Promise<FaultPicket> {
  return startPicketProcess({ PICKET_LOG_LEVEL: 'info', ...env }, { onSpawn: (child) => started.add(child) });
}

/**
 * After a case, also when it failed or timed out mid-restart: kills every Picket it started that
 * is still running, then stops an embedded Postgres left running in `dataDir` (a killed Picket
 * leaves it for the next one to adopt).
 */
export async function cleanUp(dataDir?: string): Promise<void> {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  }
  started.clear();
  if (dataDir) await stopEmbeddedPostgres(dataDir);
}

export async function stopPicket(p: FaultPicket): Promise<number | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await exited(p.child);
  return p.child.exitCode;
}

/** JSON log lines (pino) printed after `from` characters of output. */
export function logLinesSince(p: FaultPicket, from: number): Array<Record<string, unknown>> {
  return p
    .output()
    .slice(from)
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A pool on the embedded cluster of a Picket data dir (database `postgres`, where Picket keeps its tables). */
export async function embeddedPool(dataDir: string): Promise<pg.Pool> {
  const url = await new EmbeddedPostgres({ dir: path.join(dataDir, 'postgres') }).connectionString();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  return pool;
}

export async function healthStatus(url: string): Promise<string> {
  const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
  return ((await res.json()) as { status: string }).status;
}
