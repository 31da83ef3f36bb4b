import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { InProcessPresenceStore } from './in-process-presence-store.ts';
import type { PresenceStore } from './presence-store.ts';
import { RedisPresenceStore } from './redis-presence-store.ts';

/** In memory for one process; in Redis when REDIS_URL lets several serve the same people (like createBus). */
export async function createPresenceStore(cfg: Config, log: Logger): Promise<PresenceStore> {
  if (!cfg.REDIS_URL) return new InProcessPresenceStore();
  const store = await RedisPresenceStore.connect({
    url: cfg.REDIS_URL,
    prefix: `${cfg.PICKET_REDIS_PREFIX}:presence`,
    onError: (err) => log.error({ err }, 'presence store error'),
  });
  log.info('presence shared through Redis');
  return store;
}
