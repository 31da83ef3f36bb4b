// The seam between the event store and the official clients: the store speaks plain request and
// response bodies, and one adapter per client (elasticsearch-client.ts, opensearch-client.ts) is
// the only code importing that client.

export type Engine = 'elasticsearch' | 'opensearch';

export interface BulkItemResult {
  status: number;
  error?: { type?: string; reason?: string } | string;
}

export interface SearchHit {
  _id: string;
  _index: string;
  _source: Record<string, unknown>;
  sort?: unknown[];
}

export interface SearchResponse {
  timed_out?: boolean;
  hits: { total?: { value: number; relation: 'eq' | 'gte' } | number; hits: SearchHit[] };
  aggregations?: Record<string, unknown>;
}

export class EngineRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly type: string | undefined,
  ) {
    super(message);
  }
}

export interface EngineClient {
  readonly engine: Engine;
  /** What the server says it is: distribution and version. */
  info(): Promise<{ distribution: Engine; version: string }>;
  putIndexTemplate(name: string, body: Record<string, unknown>): Promise<void>;
  /** One `_bulk` request; answers the per-item results in request order. */
  bulk(operations: Array<Record<string, unknown>>, refresh: 'wait_for' | false): Promise<BulkItemResult[]>;
  search(index: string, body: Record<string, unknown>): Promise<SearchResponse>;
  /** Index names matching a pattern (none: []). */
  indices(pattern: string): Promise<string[]>;
  deleteIndex(name: string): Promise<void>;
  deleteIndexTemplate(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Item results of a bulk response body, in the shape both engines answer. */
export function bulkItems(body: {
  items?: Array<Record<string, { status: number; error?: BulkItemResult['error'] }>>;
}): BulkItemResult[] {
  return (body.items ?? []).map((item) => {
    const r = Object.values(item)[0];
    return { status: r.status, error: r.error };
  });
}
