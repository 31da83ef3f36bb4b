import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize.ts';
import { parseEventsBody } from './parse-body.ts';
import { parseBulkBody } from './parse-bulk.ts';
import { rejectionReason } from './rejection-reason.ts';

// Each producer's real message, so rewording one without updating the classifier fails here.
const now = new Date('2026-11-22T10:00:00Z');
const opts = { now, retentionDays: 90, maxFutureMinutes: 60 };
const normalizeError = (raw: unknown, extra: object = {}) => {
  const r = normalizeEvent(raw, { ...opts, ...extra });
  if (r.ok) throw new Error('expected a rejection');
  return r.error;
};
const bodyError = (body: string, i = 0) => {
  const r = parseEventsBody(body, 'application/x-ndjson');
  if (!r.ok) throw new Error(r.error);
  const item = r.items[i];
  if (item.ok) throw new Error('expected a rejection');
  return item.error;
};
const bulkError = (body: string, i = 0) => {
  const r = parseBulkBody(body);
  if (!r.ok) throw new Error(r.error);
  return r.items[i].error ?? '';
};

describe('rejectionReason', () => {
  it('names every per-event rejection the ingest paths produce', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 70; i++) deep = deep.x = {};
    const cases: [string, string][] = [
      [bodyError('{"summary":"ok"}\n{"summary": broken', 1), 'invalid_json'],
      [bodyError('{"summary":"ok"}\n42', 1), 'not_an_object'],
      [normalizeError('a string'), 'not_an_object'],
      [normalizeError({ summary: 'x', utctimestamp: '2020-01-01T00:00:00Z' }), 'too_old'],
      [normalizeError({ summary: 'x', utctimestamp: '2026-11-23T10:00:00Z' }), 'too_far_in_future'],
      [normalizeError({ summary: 'x'.repeat(2000) }, { maxEventBytes: 1000 }), 'too_large'],
      [normalizeError(root), 'too_deep'],
      [normalizeError(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i]))), 'too_many_keys'],
      [bulkError('{"index":{}}\n{"a":1}\n{"nonsense":1}\n{"b":2}', 1), 'bad_bulk_action'],
      [bulkError('{"index":{}}'), 'bad_bulk_action'],
      [bulkError('{"update":{"_id":"1"}}\n{"script":"x"}'), 'bad_bulk_action'],
      ['delete is not supported: stored events are immutable', 'unsupported_bulk_action'],
      ['something nobody wrote yet', 'invalid'],
    ];
    for (const [message, reason] of cases) expect(rejectionReason(message), message).toBe(reason);
  });
});
