import type { PicketEvent } from '../ingest/event.ts';
import type { QueryNode } from './query/index.ts';

export interface SearchParams {
  query: QueryNode;
  from: Date;
  to: Date;
  size: number;
  sort: SortSpec;
  cursor?: string;
}

export interface SortSpec {
  field: SortField;
  order: 'asc' | 'desc';
}

export const SORT_FIELDS = [
  'utctimestamp',
  'receivedtimestamp',
  'severity',
  'category',
  'hostname',
  'source',
  'processname',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface SearchResult {
  total: number;
  /** false when counting stopped at the cap: `total` is then a lower bound. */
  totalExact: boolean;
  events: PicketEvent[];
  nextCursor: string | null;
}

export interface Bucket {
  key: string;
  count: number;
}

export interface HistogramBucket {
  ts: string;
  count: number;
}

export interface WriteResult {
  stored: number;
  /** Rows the database refused even one by one; kept in the dead-letter table, never silently lost. */
  deadLettered: number;
  /** The batch id was already stored: nothing was written this time. */
  duplicate?: boolean;
}

/** Where events live: Postgres (the default), Elasticsearch or OpenSearch. */
export interface EventStore {
  readonly kind: 'postgres' | 'elasticsearch' | 'opensearch';
  /**
   * Durable when the promise resolves (committed). With a `batchId`, writing the same batch again
   * stores nothing (`duplicate: true`): queue mode redelivers a batch whose worker died before
   * acknowledging it. Stores whose writes are idempotent by event id (the search clusters index
   * by `_id`) may ignore it.
   */
  write(events: PicketEvent[], opts?: { batchId?: string }): Promise<WriteResult>;
  search(params: SearchParams): Promise<SearchResult>;
  aggregate(params: { query: QueryNode; from: Date; to: Date; field: string; size: number }): Promise<Bucket[]>;
  histogram(params: { query: QueryNode; from: Date; to: Date; intervalMs: number }): Promise<HistogramBucket[]>;
  get(id: string): Promise<PicketEvent | null>;
  /** Drops whole days older than the retention period; returns the partitions dropped. */
  applyRetention(retentionDays: number, now?: Date): Promise<string[]>;
  /** Stores with rollups (Postgres): builds the hourly level of the hours that ended (every few minutes). */
  closeRollupHours?(now?: Date): Promise<void>;
  /** Stores with partitions (Postgres): builds indexes a migration added on the partitions that predate it. */
  buildDeferredIndexes?(signal?: AbortSignal): Promise<void>;
  health(): Promise<'ok' | 'degraded'>;
}
