import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';

/** NEXTAUTH_SECRET, or one generated at first start and kept (0600) in the data dir. */
export async function loadAuthSecret(cfg: Config): Promise<string> {
  if (cfg.NEXTAUTH_SECRET) return cfg.NEXTAUTH_SECRET;
  const file = path.join(cfg.dataDir, 'nextauth-secret');
  const existing = (await fs.readFile(file, 'utf8').catch(() => '')).trim();
  if (existing) return existing;
  await fs.mkdir(cfg.dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  // wx: two processes starting together must not end up with different secrets.
  await fs.writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return (await fs.readFile(file, 'utf8')).trim();
}
