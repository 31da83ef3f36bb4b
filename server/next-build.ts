import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { childEnv } from './config.ts';
import type { Logger } from './logger.ts';

// What the Next build depends on; a change in any of these means a rebuild at start.
const INPUTS = [
  'app',
  'components',
  'public',
  'next.config.mjs',
  'package-lock.json',
  'tsconfig.json',
  'server/services.ts',
  'postcss.config.mjs',
  'proxy.ts',
  'server/http/security-headers.ts',
];
const STAMP = 'picket-build-stamp';

async function walk(p: string, out: string[]): Promise<void> {
  const st = await fs.stat(p).catch(() => undefined);
  if (!st) return;
  if (st.isDirectory()) {
    for (const name of (await fs.readdir(p)).sort()) await walk(path.join(p, name), out);
  } else out.push(`${p}:${st.size}:${Math.floor(st.mtimeMs)}`);
}

async function inputsHash(root: string): Promise<string> {
  const entries: string[] = [];
  for (const input of INPUTS) await walk(path.join(root, input), entries);
  return crypto.createHash('sha256').update(entries.join('\n')).digest('hex');
}

/** Builds the Next app when there is no build or its inputs changed since the last one. */
export async function ensureNextBuild(root: string, log: Logger, force = false): Promise<void> {
  const distDir = path.join(root, '.next');
  const hash = await inputsHash(root);
  const stamp = await fs.readFile(path.join(distDir, STAMP), 'utf8').catch(() => '');
  const hasBuild = await fs.access(path.join(distDir, 'BUILD_ID')).then(
    () => true,
    () => false,
  );
  if (!force && hasBuild && stamp === hash) return;
  log.info('building the web app (first start or changed sources; takes a minute or two)');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: childEnv({ NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' }),
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`)),
    );
  });
  await fs.writeFile(path.join(distDir, STAMP), hash);
}
