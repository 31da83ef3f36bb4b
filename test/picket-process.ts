import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface ChildOptions {
  /** Extra command-line arguments after the role (e.g. `--with-worker`, `--concurrency 2`). */
  args?: string[];
  /** Called before the child is ready: whoever cleans up after a timed-out test can still find it. */
  onSpawn?: (child: ChildProcess) => void;
}

function startChild(
  role: string,
  ready: RegExp,
  env: Record<string, string>,
  opts: ChildOptions,
): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/picket.mjs'), role, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: {
      NODE_ENV: 'production',
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PICKET_UI: 'false',
      PICKET_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  opts.onSpawn?.(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code: number | null) =>
      reject(new Error(`picket ${role} exited (${code}) before ready:\n${out}`)),
    );
  });
}

const asOptions = (o: string[] | ChildOptions): ChildOptions => (Array.isArray(o) ? { args: o } : o);

/** Runs `picket start` as a real child process, resolving once it logs the ready line. */
export async function startPicketProcess(
  env: Record<string, string>,
  opts: string[] | ChildOptions = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const { child, match, output } = await startChild('start', /Picket ready on (http:\/\/[^\s]+)/, env, asOptions(opts));
  return { child, url: match[1], output };
}

/** Runs `picket worker` (queue mode) as a real child process, resolving once it is consuming. */
export async function startPicketWorker(
  env: Record<string, string>,
  opts: string[] | ChildOptions = {},
): Promise<{ child: ChildProcess; output: () => string }> {
  const { child, output } = await startChild('worker', /Picket worker ready/, env, asOptions(opts));
  return { child, output };
}

/** Resolves once the child has exited (at once for one already gone). */
export const exited = (c: ChildProcess): Promise<void> =>
  new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

/** SIGTERM (or the given signal) and wait for the exit; a no-op for a process already gone. */
export async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = exited(child);
  child.kill(signal);
  const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await gone;
  clearTimeout(t);
}

/**
 * Crash tests: kill -9 once `acknowledged()` reaches `count` — not after a fixed time, since a loaded
 * machine acknowledges less — or after `maxMs`, with the clients still sending so requests are in
 * flight at the crash; resolves when the process is gone.
 */
export async function killOnceAcknowledged(
  child: ChildProcess,
  acknowledged: () => number,
  count: number,
  maxMs: number,
): Promise<void> {
  const until = Date.now() + maxMs;
  while (acknowledged() < count && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  const gone = exited(child);
  child.kill('SIGKILL');
  await gone;
}

/** The pid in the embedded cluster's postmaster.pid under a Picket data dir. */
export async function embeddedPostmasterPid(dataDir: string): Promise<number> {
  const text = await fs.readFile(path.join(dataDir, 'postgres/data/postmaster.pid'), 'utf8');
  return Number(text.split('\n')[0]);
}

/**
 * Stops the embedded Postgres a Picket killed with SIGKILL leaves running in `dataDir` (the next
 * Picket would adopt it), so a failed test leaks no server; a no-op when none runs.
 */
export async function stopEmbeddedPostgres(dataDir: string): Promise<void> {
  const pid = await embeddedPostmasterPid(dataDir).catch(() => undefined);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
