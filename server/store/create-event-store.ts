// Which event store this process uses: Postgres (the default), or Elasticsearch / OpenSearch when
// ELASTICSEARCH_URL / OPENSEARCH_URL is set. Everything else (cases, alerts, users...) stays in
// Postgres whatever is chosen, and so do events the engine refuses for their content (dead letters).
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { EventStore } from './event-store.ts';
import type { ExplorerStore } from './explorer-store.ts';
import { PostgresEventStore } from './postgres/postgres-event-store.ts';
import { PostgresExplorerStore } from './postgres/postgres-explorer-store.ts';
import { ElasticsearchEngineClient } from './search-engine/elasticsearch-client.ts';
import type { EngineClient } from './search-engine/engine-client.ts';
import { OpenSearchEngineClient } from './search-engine/opensearch-client.ts';
import { SearchEngineEventStore } from './search-engine/search-engine-event-store.ts';
import { SearchEngineExplorerStore } from './search-engine/search-engine-explorer-store.ts';

/** Past the engine's own search timeout (PICKET_QUERY_TIMEOUT_MS), the client gives up on the request. */
const REQUEST_SLACK_MS = 30_000;

export interface EventStores {
  store: EventStore;
  explorer: ExplorerStore;
  /** What is running, as the server reported it at start: `postgres`, `opensearch 2.19.6`, ... */
  description: string;
  close(): Promise<void>;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export async function createEventStores(
  cfg: Config,
  db: Pick<Database, 'pool' | 'readPool' | 'readTimeoutMs'>,
  log: Logger,
): Promise<EventStores> {
  const { pool } = db;
  const url = cfg.ELASTICSEARCH_URL ?? cfg.OPENSEARCH_URL;
  if (!url) {
    return {
      store: new PostgresEventStore(pool, log, {
        pool: db.readPool,
        timeoutMs: db.readTimeoutMs,
        patternTimeoutMs: Math.min(cfg.PICKET_PATTERN_QUERY_TIMEOUT_MS, db.readTimeoutMs),
      }),
      explorer: new PostgresExplorerStore(db.readPool, db.readTimeoutMs),
      description: 'postgres',
      close: async () => undefined,
    };
  }
  const REQUEST_TIMEOUT_MS = db.readTimeoutMs + REQUEST_SLACK_MS;
  const wanted = cfg.ELASTICSEARCH_URL ? 'elasticsearch' : 'opensearch';
  const variable = cfg.ELASTICSEARCH_URL ? 'ELASTICSEARCH_URL' : 'OPENSEARCH_URL';
  const client: EngineClient =
    wanted === 'elasticsearch'
      ? new ElasticsearchEngineClient(url, { requestTimeoutMs: REQUEST_TIMEOUT_MS })
      : new OpenSearchEngineClient(url, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
  let info: { distribution: string; version: string };
  try {
    info = await client.info();
  } catch (err) {
    await client.close().catch(() => undefined);
    const hint = wanted === 'elasticsearch' ? ' (an OpenSearch server needs OPENSEARCH_URL instead)' : '';
    throw new Error(`${variable}: cannot use ${redact(url)}: ${(err as Error).message}${hint}`, { cause: err });
  }
  if (info.distribution !== wanted) {
    await client.close().catch(() => undefined);
    throw new Error(
      `${variable} points at ${info.distribution} ${info.version}; set ${info.distribution === 'opensearch' ? 'OPENSEARCH_URL' : 'ELASTICSEARCH_URL'} instead`,
    );
  }
  const store = new SearchEngineEventStore(client, log.child({ component: wanted }), {
    queryTimeoutMs: db.readTimeoutMs,
    deadLetter: async (event, error) => {
      await pool.query('INSERT INTO events_dead_letter (error, raw) VALUES ($1, $2)', [
        error,
        JSON.stringify(event).replaceAll('\\u0000', '\\ufffd'),
      ]);
      log.error({ id: event.id, err: error }, 'event dead-lettered');
    },
  });
  await store.ensureSetup();
  log.info({ engine: info.distribution, version: info.version }, 'events are stored in the search engine');
  return {
    store,
    explorer: new SearchEngineExplorerStore(store),
    description: `${info.distribution} ${info.version}`,
    close: () => store.close(),
  };
}
