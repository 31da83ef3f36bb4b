// Bulk indexing that never drops an event: a write resolves only when every item is indexed (or,
// for an item the engine refuses for its content, kept in the dead-letter table). Rejections the
// engine may recover from (429, 5xx, an index block while a disk frees up, connection errors) are
// retried with exponential backoff; when the budget runs out the write fails, so the caller does
// not acknowledge the batch and the shipper sends it again. Documents carry the event id as _id,
// so a retry after a lost answer overwrites rather than duplicates.
import type { PicketEvent } from '../../ingest/event.ts';
import { EngineRequestError, type BulkItemResult, type EngineClient } from './engine-client.ts';
import { toDocument } from './event-document.ts';
import type { IndexNames } from './index-template.ts';

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 10, baseMs: 100, maxMs: 5000 };
/** Requests stay well under the engines' default 100 MB body limit. */
const MAX_REQUEST_BYTES = 8 << 20;

export type DeadLetter = (event: PicketEvent, error: string) => Promise<void>;

export class BulkWriteError extends Error {
  readonly code = 'store_write_failed';
}

function itemError(r: BulkItemResult): { type: string; reason: string } {
  if (typeof r.error === 'string') return { type: '', reason: r.error };
  return { type: r.error?.type ?? '', reason: r.error?.reason ?? `status ${r.status}` };
}

/** Worth another attempt: overload, server trouble, or a block that lifts (disk watermark). */
export function retryableItem(r: BulkItemResult): boolean {
  if (r.status === 429 || r.status >= 500) return true;
  const { type } = itemError(r);
  return (
    type === 'cluster_block_exception' ||
    type === 'es_rejected_execution_exception' ||
    type === 'rejected_execution_exception'
  );
}

function retryableRequest(err: unknown): boolean {
  if (!(err instanceof EngineRequestError)) return false;
  // No status: the connection failed or timed out.
  return err.status === undefined || err.status === 429 || err.status >= 500 || err.type === 'cluster_block_exception';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class BulkWriter {
  constructor(
    private readonly client: EngineClient,
    private readonly names: IndexNames,
    private readonly deadLetter: DeadLetter,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly refresh: 'wait_for' | false = 'wait_for',
  ) {}

  async write(events: PicketEvent[]): Promise<{ stored: number; deadLettered: number }> {
    let pending = events;
    let stored = 0;
    let deadLettered = 0;
    let lastError = '';
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > this.retry.retries) {
          throw new BulkWriteError(
            `${pending.length} of ${events.length} events not indexed after ${attempt} attempts: ${lastError}`,
          );
        }
        await sleep(Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1)));
      }
      const again: PicketEvent[] = [];
      for (const chunk of chunks(pending, this.names)) {
        let results: BulkItemResult[];
        try {
          results = await this.client.bulk(chunk.ops, this.refresh);
        } catch (err) {
          if (!retryableRequest(err)) throw err;
          lastError = (err as Error).message;
          again.push(...chunk.events);
          continue;
        }
        for (let i = 0; i < chunk.events.length; i++) {
          const r = results[i];
          if (r && r.status >= 200 && r.status < 300) stored++;
          else if (!r || retryableItem(r)) {
            lastError = r ? `${itemError(r).type} ${itemError(r).reason}`.trim() : 'no result for the item';
            again.push(chunk.events[i]);
          } else {
            // The engine refuses this document for what it contains: retrying cannot help.
            const { type, reason } = itemError(r);
            await this.deadLetter(chunk.events[i], `${type}: ${reason}`);
            deadLettered++;
          }
        }
      }
      pending = again;
    }
    return { stored, deadLettered };
  }
}

function* chunks(
  events: PicketEvent[],
  names: IndexNames,
): Generator<{ events: PicketEvent[]; ops: Array<Record<string, unknown>> }> {
  let cur: { events: PicketEvent[]; ops: Array<Record<string, unknown>> } = { events: [], ops: [] };
  let bytes = 0;
  for (const e of events) {
    const doc = toDocument(e) as unknown as Record<string, unknown>;
    // A rough size (the client serializes again); only used to split large batches.
    const size = JSON.stringify(doc).length + 100;
    if (cur.events.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
      yield cur;
      cur = { events: [], ops: [] };
      bytes = 0;
    }
    cur.events.push(e);
    cur.ops.push({ index: { _index: names.indexFor(e.utctimestamp), _id: e.id } }, doc);
    bytes += size;
  }
  if (cur.events.length) yield cur;
}
