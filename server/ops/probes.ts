// The probes of the dependencies Picket uses today. A new dependency (the BullMQ queue, an
// Elasticsearch/OpenSearch event store) registers its own probe on the same HealthRegistry.
import type pg from 'pg';
import type { DatabaseStatus } from '../db/database.ts';
import { Redis } from 'ioredis';
import type { EventStore } from '../store/event-store.ts';
import type { HealthRegistry, Probe, ProbeOutcome } from './health-registry.ts';

/** Names /api/health uses; the search cluster registers under its store kind. */
export const DEPENDENCY = { postgres: 'postgres', redis: 'redis' } as const;

/**
 * One round trip on a pooled connection: waits for a free one, as a request would. A server that
 * answers can still be refusing writes (its disk is full) or be the embedded one just restarted;
 * `status` says what this process has seen, and anything but ok makes Postgres degraded.
 */
export function postgresProbe(pool: pg.Pool, status?: () => DatabaseStatus): Probe {
  return async () => {
    await pool.query('SELECT 1');
    if (!status) return;
    const s = status();
    const details = { mode: s.mode, state: s.state, refused: s.refused };
    if (s.state === 'ok') return { details };
    return { status: 'degraded', message: `postgres ${s.state}: ${s.refused} requests refused so far`, details };
  };
}

/**
 * The event store when it is not Postgres (Elasticsearch/OpenSearch): its own health() decides.
 * Postgres is probed once, as `postgres`, since it holds everything else too.
 */
export function registerEventStoreProbe(registry: HealthRegistry, store: EventStore): void {
  if (store.kind === 'postgres') return;
  registry.register(
    store.kind,
    async () => {
      if ((await store.health()) !== 'ok') throw new Error(`${store.kind} event store reports degraded`);
    },
    { critical: true },
  );
}

/**
 * Redis on a connection of its own, so the probe tells whether this process can reach Redis now,
 * whatever state the bus's connections are in. It never queues a command while disconnected: a
 * down Redis answers at once with the connection error. `appendonly` is reported because events
 * held in Redis survive a Redis restart only with it.
 */
export class RedisProbe {
  private readonly client: Redis;
  private connectionError = '';

  constructor(url: string) {
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      connectionName: 'picket-health',
      // Reconnect quietly in the background; the probe reports the state.
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // Errors are what the probe reports; without a listener ioredis would log them as unhandled.
    this.client.on('error', (err: Error) => (this.connectionError = err.message));
    this.client.on('ready', () => (this.connectionError = ''));
  }

  readonly probe: Probe = async () => {
    // The first connect rejects with a generic "Connection is closed."; the 'error' event has the cause.
    if (this.client.status === 'wait') await this.client.connect().catch(() => undefined);
    if (this.client.status !== 'ready') {
      throw new Error(
        `not connected (${this.client.status})${this.connectionError ? `: ${this.connectionError}` : ''}`,
      );
    }
    await this.client.ping();
    const info = await this.client.info('persistence');
    const aof = /^aof_enabled:(\d)/m.exec(info)?.[1];
    const outcome: ProbeOutcome = { details: { appendonly: aof === undefined ? null : aof === '1' } };
    return outcome;
  };

  async close(): Promise<void> {
    if (this.client.status === 'wait' || this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
