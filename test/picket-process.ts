import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runs `picket start` as a real child process, resolving once it logs the ready line. */
export function startPicketProcess(
  env: Record<string, string>,
  opts: { onSpawn?: (child: ChildProcess) => void } = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/picket.mjs'), 'start'], {
    cwd: ROOT,
    env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: process.env.HOME, PICKET_UI: 'false', PICKET_LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Before it is ready: whoever cleans up after a timed-out test can still find it.
  opts.onSpawn?.(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Picket ready on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ child, url: m[1], output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code: number | null) => reject(new Error(`picket exited (${code}) before ready:\n${out}`)));
  });
}

