import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { UserError, type Users } from './users.ts';

/**
 * With no user at all, creates the admin from PICKET_ADMIN_EMAIL/PASSWORD, or with a random
 * password printed once and saved (0600) in the data dir, so a fresh install can be signed into.
 */
export async function ensureFirstAdmin(users: Users, cfg: Config, log: Logger): Promise<void> {
  if ((await users.count()) > 0) return;
  try {
    const { user, generatedPassword } = await users.create(
      { email: cfg.PICKET_ADMIN_EMAIL, role: 'admin', name: 'Administrator', password: cfg.PICKET_ADMIN_PASSWORD },
      'system',
    );
    if (!generatedPassword) {
      log.info({ email: user.email }, 'created the first admin from PICKET_ADMIN_EMAIL/PICKET_ADMIN_PASSWORD');
      return;
    }
    await fs.mkdir(cfg.dataDir, { recursive: true });
    const file = path.join(cfg.dataDir, 'admin-password');
    await fs.writeFile(file, `${user.email}\n${generatedPassword}\n`, { mode: 0o600 });
    console.log(
      `Created the first admin ${user.email} with password ${generatedPassword} (also saved in ${file}; change it after signing in)`,
    );
  } catch (err) {
    // Another process created it at the same moment.
    if (!(err instanceof UserError && err.code === 'conflict')) throw err;
  }
}
