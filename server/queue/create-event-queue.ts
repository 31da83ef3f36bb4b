import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { EventQueue } from './event-queue.ts';
import { InProcessQueue } from './in-process-queue.ts';
import { RedisEventQueue } from './redis-event-queue.ts';

/** In-process (embedded, the default) unless REDIS_URL names the Redis of a scale-out cluster. */
export async function createEventQueue(cfg: Config, log: Logger, concurrency?: number): Promise<EventQueue> {
  if (!cfg.REDIS_URL) return new InProcessQueue({ maxPending: cfg.PICKET_INGEST_MAX_PENDING });
  const queue = await RedisEventQueue.connect({
    url: cfg.REDIS_URL,
    prefix: cfg.PICKET_REDIS_PREFIX,
    maxDepth: cfg.PICKET_QUEUE_MAX_DEPTH,
    concurrency,
    onError: (err) => log.warn({ err }, 'event queue (Redis) error'),
  });
  log.info('queue mode: events go through BullMQ on REDIS_URL');
  const warnings = (await queue.status()).warnings;
  for (const w of warnings) log.warn(w);
  return queue;
}
