// Runs `picket start` as a child process on a fresh database and watches its memory.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { EmbeddedPostgres } from '../server/db/embedded-postgres.ts';
import { log } from './stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const READY_RE = /Picket ready on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 180_000;
/** The node flags every shipped way of starting Picket passes (npm start, deploy/): the bench runs what ships. */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];
const STOP_TIMEOUT_MS = 90_000;

export interface BenchServer {
  url: string;
  token: string;
  pid: number;
  /** Connection string of the server's database, for the COPY baseline and the SQL floors. */
  dbUrl: string;
  peakRssMb(): number;
  /** Resident memory now (VmRSS), MiB: the soak's samples. */
  rssNowMb(): number;
  stop(): Promise<void>;
}

/** VmHWM (the kernel's high-water mark) and VmRSS (now) of a live process, in MiB; 0 once it is gone. */
function readMemMb(pid: number): { hwm: number; rss: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
  } catch {
    return { hwm: 0, rss: 0 }; // the process is gone
  }
}

/** Peak RSS of a live process so far, in MiB. */
function readRssMb(pid: number): number {
  const m = readMemMb(pid);
  return Math.max(m.hwm, m.rss);
}

const exited = (c: ChildProcess) =>
  new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

const KEEP_NAME_RE = /^picket_[a-z0-9_]+$/;

/**
 * With DATABASE_URL: a throwaway database on that server, so the bench never touches real data; or,
 * with `keep`, that database, created if missing and left in place (a loaded dataset is reused).
 */
async function createDatabase(baseUrl: string, keep?: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (keep !== undefined && !KEEP_NAME_RE.test(keep))
    throw new Error(`--keep-db ${keep}: a database name matching ${KEEP_NAME_RE}`);
  const name = keep ?? `picket_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const exists = keep && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [keep])).rowCount;
    // Name checked above or generated here: safe as an identifier.
    if (!exists) await admin.query(`CREATE DATABASE ${name}`);
    else log(`reusing database ${name} (--keep-db)`);
  } finally {
    await admin.end();
  }
  if (keep) {
    const u = new URL(baseUrl);
    u.pathname = `/${name}`;
    return { url: u.toString(), drop: async () => log(`kept database ${name}`) };
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  log(`created database ${name}`);
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        log(`dropped database ${name}`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface StartOptions {
  /** External Postgres (DATABASE_URL); absent: embedded Postgres in a temp dir. */
  databaseUrl?: string;
  extraEnv?: Record<string, string>;
  /** With databaseUrl: use this database (created if missing) and keep it after the run. */
  keepDatabase?: string;
  /** Node flags for the server process, e.g. `--cpu-prof --cpu-prof-dir=DIR` (bench's --cpu-prof). */
  nodeArgs?: string[];
}

export async function startBenchServer(opts: StartOptions): Promise<BenchServer> {
  const token = `pkt_bench_${crypto.randomBytes(16).toString('hex')}`;
  let dataDir: string | undefined;
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.homedir(),
    NODE_ENV: 'production',
    PICKET_UI: 'false',
    PICKET_LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    PICKET_ADMIN_TOKEN: token,
    ...opts.extraEnv,
  };
  if (opts.databaseUrl) {
    database = await createDatabase(opts.databaseUrl, opts.keepDatabase);
    env.DATABASE_URL = database.url;
    cleanups.push(() => database!.drop());
  } else {
    dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'picket-bench-'));
    env.PICKET_DATA_DIR = dataDir;
    cleanups.push(() => fsp.rm(dataDir!, { recursive: true, force: true }));
  }
  const runCleanups = async () => {
    for (const c of cleanups.reverse()) await c().catch((err: Error) => log(`cleanup failed: ${err.message}`));
    cleanups.length = 0;
  };

  log(`starting picket (${opts.databaseUrl ? 'external Postgres' : `embedded Postgres in ${dataDir}`})`);
  // detached: its own process group, so a terminal Ctrl-C reaches only the bench, which then stops the
  // server with one SIGTERM (a second signal would make picket exit without stopping Postgres).
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...(opts.nodeArgs ?? []), path.join(ROOT, 'bin/picket.mjs'), 'start'],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let peakMb = 0;
  const sample = () => (peakMb = Math.max(peakMb, readRssMb(child.pid!)));
  // 200 ms: frequent enough to catch batch-sized spikes; VmHWM covers anything between samples.
  const sampler = setInterval(sample, 200);
  sampler.unref();

  // Stop sequence: SIGTERM (the server drains, commits and stops its embedded Postgres), wait, then SIGKILL.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      sample();
      clearInterval(sampler);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if ((await withTimeout(exited(child), STOP_TIMEOUT_MS)) === 'timeout') {
          log('picket did not stop within 90 s: SIGKILL');
          child.kill('SIGKILL');
          await exited(child);
        }
      }
      if (dataDir) await stopLeftoverPostgres(dataDir);
      await runCleanups();
    })());

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`picket not ready after ${START_TIMEOUT_MS / 1000} s:\n${out.slice(-3000)}`)),
        START_TIMEOUT_MS,
      );
      const onData = (b: Buffer) => {
        const s = b.toString();
        // Keep the server's warnings visible (on stderr) without mixing them into the JSON lines.
        process.stderr.write(s.replace(/^(?=.)/gm, '[picket] '));
        out += s;
        const m = READY_RE.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`picket exited (${code ?? signal}) before ready:\n${out.slice(-3000)}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const dbUrl = database
    ? database.url
    : await new EmbeddedPostgres({ dir: path.join(dataDir!, 'postgres') }).connectionString();
  log(`picket ready on ${url} (pid ${child.pid})`);
  return {
    url,
    token,
    pid: child.pid!,
    dbUrl,
    peakRssMb: () => (sample(), Math.round(peakMb)),
    rssNowMb: () => readMemMb(child.pid!).rss,
    stop,
  };
}

/** If the server died without stopping its embedded Postgres, stop that postmaster (by its pid) before deleting its files. */
async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postgres', 'data', 'postmaster.pid');
  const pid = Number((await fsp.readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT'); // SIGINT = fast shutdown: SIGTERM ("smart") would wait for clients forever
  } catch {
    return; // already gone
  }
  log(`stopping leftover embedded postgres (pid ${pid})`);
  for (let i = 0; i < 300; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
