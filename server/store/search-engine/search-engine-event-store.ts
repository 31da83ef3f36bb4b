// Events in Elasticsearch or OpenSearch, behind the same EventStore interface as Postgres.
import type { PicketEvent } from '../../ingest/event.ts';
import type { Logger } from '../../logger.ts';
import type {
  Bucket,
  EventStore,
  HistogramBucket,
  SearchParams,
  SearchResult,
  SortSpec,
  WriteResult,
} from '../event-store.ts';
import { zeroFill } from '../histogram-fill.ts';
import { QueryRefusedError, QueryTimeoutError } from '../query-timeout.ts';
import { QuerySyntaxError } from '../query/index.ts';
import type { QueryNode } from '../query/index.ts';
import { InvalidCursorError, TOTAL_CAP } from '../postgres/postgres-event-store.ts';
import { decodeCursor, encodeCursor } from '../postgres/search-sql.ts';
import { BulkWriter, DEFAULT_RETRY, type DeadLetter, type RetryPolicy } from './bulk-writer.ts';
import { windowedQuery as compileWindowed, type Dsl } from './compile-dsl.ts';
import { EngineRequestError } from './engine-client.ts';
import type { Engine, EngineClient, SearchResponse } from './engine-client.ts';

/** The query for a window; a pattern the engine cannot express is the user's to change (400). */
export function windowedQuery(node: QueryNode, from: Date, to: Date): Dsl {
  try {
    return compileWindowed(node, from, to);
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw new QueryRefusedError(err.message.replace(/ at position \d+$/, ''));
    throw err;
  }
}
import { fromSource } from './event-document.ts';
import { IndexNames, indexTemplate } from './index-template.ts';

const COLUMNS = new Set(['category', 'source', 'hostname', 'processname', 'processid', 'severity', 'summary', 'tags']);
const DETAILS_PATH_RE = /^details((?:\.[^.]+)+)$/;

export interface SearchEngineStoreOptions {
  deadLetter: DeadLetter;
  /** Server-side time limit of one search. */
  queryTimeoutMs: number;
  retry?: RetryPolicy;
  /** Put in front of every index, alias and template name (tests, shared clusters). */
  namespace?: string;
  shards?: number;
  replicas?: number;
}

/** The field an aggregation groups by: a column, tags, or the leaves of a details path. */
export function aggregationTarget(field: string): { column: string } | { path: string } {
  if (COLUMNS.has(field)) return { column: field };
  const m = DETAILS_PATH_RE.exec(field.startsWith('details.') ? field : `details.${field}`);
  if (!m) throw new Error(`unsupported aggregation field ${field}`);
  return { path: m[1].slice(1) };
}

/** A terms aggregation over `field` answering buckets from `read(aggregations)`. */
export function termsAggregation(
  field: string,
  size: number,
): { aggs: Dsl; read: (a: Record<string, unknown>) => Bucket[] } {
  const target = aggregationTarget(field);
  const terms = (f: string) => ({
    terms: { field: f, size, shard_size: Math.max(100, size * 10), order: [{ _count: 'desc' }, { _key: 'asc' }] },
  });
  type Agg = { buckets: Array<{ key: string | number; doc_count: number }> };
  const buckets = (a: Agg) => a.buckets.map((b) => ({ key: String(b.key), count: b.doc_count }));
  if ('column' in target) return { aggs: { k: terms(target.column) }, read: (a) => buckets(a.k as Agg) };
  return {
    aggs: {
      n: {
        nested: { path: 'x.leaf' },
        aggs: { f: { filter: { term: { 'x.leaf.p': target.path } }, aggs: { k: terms('x.leaf.s') } } },
      },
    },
    read: (a) => buckets(((a.n as Record<string, unknown>).f as Record<string, unknown>).k as Agg),
  };
}

function sortClause(sort: SortSpec): Dsl[] {
  const o = { order: sort.order };
  const tail = [{ utctimestamp: o }, { id: o }];
  return sort.field === 'utctimestamp' ? tail : [{ [sort.field]: o }, ...tail];
}

function searchAfter(sort: SortSpec, cursor: string): unknown[] {
  const c = decodeCursor(cursor);
  if (!c) throw new InvalidCursorError('cursor is not valid: pass back the nextCursor of a previous page');
  const tail = [Date.parse(c.ts), c.id];
  if (sort.field === 'utctimestamp') return tail;
  if (sort.field === 'receivedtimestamp') {
    const v = Date.parse(c.v);
    if (Number.isNaN(v))
      throw new InvalidCursorError('cursor is not valid: pass back the nextCursor of a previous page');
    return [v, ...tail];
  }
  return [c.v, ...tail];
}

export class SearchEngineEventStore implements EventStore {
  readonly kind: Engine;
  readonly names: IndexNames;
  private readonly writer: BulkWriter;
  private setup: Promise<void> | undefined;

  constructor(
    readonly client: EngineClient,
    private readonly log: Logger,
    private readonly opts: SearchEngineStoreOptions,
  ) {
    this.kind = client.engine;
    this.names = new IndexNames(opts.namespace);
    this.writer = new BulkWriter(client, this.names, opts.deadLetter, opts.retry ?? DEFAULT_RETRY);
  }

  /** Installs the index template (idempotent); every new daily index then gets the mapping and the alias. */
  ensureSetup(): Promise<void> {
    this.setup ??= this.client
      .putIndexTemplate(
        this.names.template,
        indexTemplate(this.names, { shards: this.opts.shards ?? 1, replicas: this.opts.replicas ?? 0 }),
      )
      .catch((err) => {
        this.setup = undefined;
        throw err;
      });
    return this.setup;
  }

  async write(events: PicketEvent[]): Promise<WriteResult> {
    if (events.length === 0) return { stored: 0, deadLettered: 0 };
    await this.ensureSetup();
    return this.writer.write(events);
  }

  /** A search through the alias, failing (not answering partial results) when the time limit hits. */
  async query(body: Dsl): Promise<SearchResponse> {
    let res: SearchResponse;
    try {
      res = await this.client.search(this.names.alias, { timeout: `${this.opts.queryTimeoutMs}ms`, ...body });
    } catch (err) {
      // 400: the engine refuses this query (a regex too complex to run, too many clauses).
      if (err instanceof EngineRequestError && err.status === 400)
        throw new QueryRefusedError(`the search engine refused the query: ${err.message}`);
      throw err;
    }
    if (res.timed_out) throw new QueryTimeoutError(this.opts.queryTimeoutMs);
    return res;
  }

  async search(p: SearchParams): Promise<SearchResult> {
    const body: Dsl = {
      query: windowedQuery(p.query, p.from, p.to),
      size: p.size + 1,
      sort: sortClause(p.sort),
      track_total_hits: TOTAL_CAP,
    };
    if (p.cursor) body.search_after = searchAfter(p.sort, p.cursor);
    const res = await this.query(body);
    const hits = res.hits.hits;
    const events = hits.slice(0, p.size).map((h) => fromSource(h._source));
    const total =
      typeof res.hits.total === 'number'
        ? { value: res.hits.total, relation: 'eq' as const }
        : (res.hits.total ?? { value: 0, relation: 'eq' as const });
    // With a cursor the engine still counts every match of the query, as the Postgres count does.
    const last = events.at(-1);
    const nextCursor =
      hits.length > p.size && last
        ? encodeCursor({
            v: String((last as unknown as Record<string, unknown>)[p.sort.field]),
            ts: last.utctimestamp,
            id: last.id,
          })
        : null;
    return {
      total: Math.min(total.value, TOTAL_CAP),
      totalExact: total.relation === 'eq' && total.value <= TOTAL_CAP,
      events,
      nextCursor,
    };
  }

  async aggregate(p: { query: QueryNode; from: Date; to: Date; field: string; size: number }): Promise<Bucket[]> {
    const { aggs, read } = termsAggregation(p.field, p.size);
    const res = await this.query({
      query: windowedQuery(p.query, p.from, p.to),
      size: 0,
      track_total_hits: false,
      aggs,
    });
    return read(res.aggregations ?? {});
  }

  async histogram(p: { query: QueryNode; from: Date; to: Date; intervalMs: number }): Promise<HistogramBucket[]> {
    const res = await this.query({
      query: windowedQuery(p.query, p.from, p.to),
      size: 0,
      track_total_hits: false,
      aggs: { h: { date_histogram: { field: 'utctimestamp', fixed_interval: `${p.intervalMs}ms`, min_doc_count: 1 } } },
    });
    const buckets = (
      (res.aggregations?.h as { buckets?: Array<{ key: number; doc_count: number }> })?.buckets ?? []
    ).map((b) => ({
      ts: new Date(b.key).toISOString(),
      count: b.doc_count,
    }));
    return zeroFill(buckets, p.from, p.to, p.intervalMs);
  }

  async get(id: string): Promise<PicketEvent | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const res = await this.query({ query: { term: { id: id.toLowerCase() } }, size: 1 });
    const hit = res.hits.hits[0];
    return hit ? fromSource(hit._source) : null;
  }

  async applyRetention(retentionDays: number, now = new Date()): Promise<string[]> {
    const existing = await this.client.indices(this.names.pattern);
    const dropped: string[] = [];
    for (const name of this.names.expired(existing, retentionDays, now)) {
      await this.client.deleteIndex(name);
      dropped.push(name);
    }
    return dropped;
  }

  async health(): Promise<'ok' | 'degraded'> {
    try {
      await this.client.info();
      return 'ok';
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, `${this.kind} health check failed`);
      return 'degraded';
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
