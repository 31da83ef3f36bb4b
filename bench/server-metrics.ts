// Reads the server's own Prometheus counters around a bench phase, so a result line can say where
// the time went (store writes per phase, events per write, mean write time) without a profiler.
import { HttpClient } from './load.ts';

export interface StoreWrites {
  /** Store write calls (one per committed batch). */
  count: number;
  /** Seconds spent inside them, summed. */
  seconds: number;
}

const WRITE_RE =
  /^picket_store_operation_duration_seconds_(sum|count)\{[^}]*op="write"[^}]*outcome="ok"[^}]*\}\s+(\S+)$/gm;

export async function storeWrites(url: string, token: string): Promise<StoreWrites> {
  const client = new HttpClient(url, 1);
  try {
    const res = await client.request('GET', '/metrics', undefined, { authorization: `Bearer ${token}` });
    if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
    const out: StoreWrites = { count: 0, seconds: 0 };
    for (const m of res.body.matchAll(WRITE_RE)) {
      if (m[1] === 'count') out.count += Number(m[2]);
      else out.seconds += Number(m[2]);
    }
    return out;
  } finally {
    client.close();
  }
}

export function writesBetween(a: StoreWrites, b: StoreWrites, events: number) {
  const count = b.count - a.count;
  return {
    storeWrites: count,
    eventsPerWrite: count > 0 ? Math.round((events / count) * 10) / 10 : null,
    storeWriteMeanMs: count > 0 ? Math.round(((b.seconds - a.seconds) / count) * 1e5) / 100 : null,
  };
}

export interface HeapFigures {
  heapUsedMb: number;
  heapTotalMb: number;
  /** Buffers and other memory V8 accounts outside its heap. */
  externalMb: number;
}

const GAUGE_RE = /^(nodejs_heap_size_used_bytes|nodejs_heap_size_total_bytes|nodejs_external_memory_bytes)\s+(\S+)$/gm;

/** The server's V8 heap, from Node's default metrics on its /metrics (prom-client reads them at scrape time). */
export async function heapFigures(client: HttpClient, token: string): Promise<HeapFigures> {
  const res = await client.request('GET', '/metrics', undefined, { authorization: `Bearer ${token}` });
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  const v: Record<string, number> = {};
  for (const m of res.body.matchAll(GAUGE_RE)) v[m[1]] = Number(m[2]) / 2 ** 20;
  return {
    heapUsedMb: v.nodejs_heap_size_used_bytes ?? NaN,
    heapTotalMb: v.nodejs_heap_size_total_bytes ?? NaN,
    externalMb: v.nodejs_external_memory_bytes ?? NaN,
  };
}
