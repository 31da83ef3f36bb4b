import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from './bus.ts';
import { InProcessBus } from './in-process-bus.ts';
import { RedisBus } from './redis-bus.ts';

/** In-process for one process (embedded mode); Redis pub/sub when REDIS_URL lets several share changes. */
export async function createBus(cfg: Config, log: Logger): Promise<Bus> {
  const onError = (err: unknown) => log.error({ err }, 'realtime bus error');
  if (!cfg.REDIS_URL) return new InProcessBus({ onHandlerError: onError });
  const bus = await RedisBus.connect({ url: cfg.REDIS_URL, prefix: `${cfg.PICKET_REDIS_PREFIX}:bus`, onError });
  log.info('realtime fan-out through Redis pub/sub');
  return bus;
}
