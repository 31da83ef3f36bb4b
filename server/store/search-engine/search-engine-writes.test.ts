// Bulk writes never lose an acknowledged event: rejections are retried until indexed, a failure
// that outlasts the retry budget fails the write (the caller then does not acknowledge), retries
// never duplicate, and documents the engine refuses for their content go to the dead-letter sink.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { eventId } from '../../ingest/event-id.ts';
import { parseQuery } from '../query/index.ts';
import { BulkWriteError } from './bulk-writer.ts';
import { forward, type MockParams } from '../../../test/elasticsearch-mock-bridge.ts';
import { engineTargets, type EngineTarget } from '../../../test/search-engine-targets.ts';

const log = pino({ level: 'silent' });
const targets = engineTargets();
const nodeTarget = targets.find((t) => !t.skip && !t.viaMock) as EngineTarget | undefined;
const mockTarget = targets.find((t) => !t.skip && t.viaMock) as EngineTarget | undefined;

function event(tag: string, over: Partial<PicketEvent> = {}): PicketEvent {
  const ms = Date.now() - 1000;
  return {
    id: eventId(ms),
    utctimestamp: new Date(ms).toISOString(),
    receivedtimestamp: new Date().toISOString(),
    category: 'c',
    source: 's',
    hostname: 'h',
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary: 'write test',
    tags: [tag],
    details: {},
    ...over,
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setBlock(url: string, index: string, on: boolean) {
  const res = await fetch(`${url}/${index}/_settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ 'index.blocks.write': on }),
  });
  expect(res.status).toBe(200);
}

describe.skipIf(!nodeTarget)('bulk writes on the OpenSearch test node', () => {
  it('keeps retrying a write the engine refuses (index write block) and resolves once it is indexed', async () => {
    const { store, url, done } = await nodeTarget!.open(log, { retry: { retries: 200, baseMs: 20, maxMs: 100 } });
    cleanups.push(done);
    const first = event('block');
    await store.write([first]);
    const index = store.names.indexFor(first.utctimestamp);
    await setBlock(url, index, true);
    const second = event('block');
    let settled = false;
    const writing = store.write([second]).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 800));
    expect(settled).toBe(false);
    await setBlock(url, index, false);
    expect(await writing).toEqual({ stored: 1, deadLettered: 0 });
    expect(await store.get(second.id)).toEqual(second);
  });

  it('fails the write when the refusal outlasts the retry budget, so the batch is not acknowledged', async () => {
    const { store, url, done } = await nodeTarget!.open(log, { retry: { retries: 2, baseMs: 10, maxMs: 10 } });
    cleanups.push(done);
    const first = event('fail');
    await store.write([first]);
    const index = store.names.indexFor(first.utctimestamp);
    await setBlock(url, index, true);
    const lost = event('fail');
    await expect(store.write([lost])).rejects.toBeInstanceOf(BulkWriteError);
    await setBlock(url, index, false);
    expect(await store.get(lost.id)).toBeNull();
  });

  it('dead-letters a document the engine refuses for its content and stores its neighbours', async () => {
    const dead: Array<{ id: string; error: string }> = [];
    const { store, done } = await nodeTarget!.open(log, {
      deadLetter: async (e, error) => void dead.push({ id: e.id, error }),
    });
    cleanups.push(done);
    const good = event('dl');
    const bad = event('dl', { receivedtimestamp: 'not a time' });
    expect(await store.write([good, bad])).toEqual({ stored: 1, deadLettered: 1 });
    expect(dead).toEqual([{ id: bad.id, error: expect.stringMatching(/mapper_parsing_exception|parse/) }]);
    expect(await store.get(good.id)).toEqual(good);
  });
});

describe.skipIf(!mockTarget)('bulk writes through the Elasticsearch client (elasticsearch-mock)', () => {
  it('retries items answered 429 and a retried item that was in fact indexed is not duplicated', async () => {
    const opened = await mockTarget!.open(log, { retry: { retries: 5, baseMs: 10, maxMs: 50 } });
    cleanups.push(opened.done);
    let calls = 0;
    opened.bridge!.intercept('POST', '/_bulk', (params: MockParams) => {
      calls++;
      const answer = forward(opened.url, params) as {
        errors: boolean;
        items: Array<{ index: Record<string, unknown> }>;
      };
      // The first time, item 1 is reported rejected although the engine indexed it.
      if (calls === 1)
        answer.items[1] = {
          index: { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } },
        };
      return answer;
    });
    const events = [event('r429'), event('r429'), event('r429')];
    expect(await opened.store.write(events)).toEqual({ stored: 3, deadLettered: 0 });
    expect(calls).toBe(2);
    const found = await opened.store.search({
      query: parseQuery('tags:r429'),
      from: new Date(Date.now() - 60_000),
      to: new Date(),
      size: 10,
      sort: { field: 'utctimestamp', order: 'desc' },
    });
    expect(found.total).toBe(3);
  });

  it('retries a whole request answered 503, and surfaces a persistent one as an error', async () => {
    const opened = await mockTarget!.open(log, { retry: { retries: 3, baseMs: 10, maxMs: 20 } });
    cleanups.push(opened.done);
    let calls = 0;
    let failUntil = 2;
    const { errors } = await import('@elastic/transport');
    opened.bridge!.intercept('POST', '/_bulk', (params: MockParams) => {
      calls++;
      if (calls <= failUntil)
        return new errors.ResponseError({
          body: { error: { type: 'unavailable', reason: 'down' } },
          statusCode: 503,
          headers: {},
          warnings: null,
          meta: {} as never,
        });
      return forward(opened.url, params);
    });
    const e = event('r503');
    expect(await opened.store.write([e])).toEqual({ stored: 1, deadLettered: 0 });
    expect(calls).toBe(3);
    calls = 0;
    failUntil = 100;
    await expect(opened.store.write([event('r503')])).rejects.toBeInstanceOf(BulkWriteError);
    expect(calls).toBe(4);
  });

  it('dead-letters items answered 400 without retrying them', async () => {
    const dead: string[] = [];
    const opened = await mockTarget!.open(log, { deadLetter: async (e) => void dead.push(e.id) });
    cleanups.push(opened.done);
    let calls = 0;
    opened.bridge!.intercept('POST', '/_bulk', () => {
      calls++;
      return {
        errors: true,
        items: [{ index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } } }],
      };
    });
    const e = event('r400');
    expect(await opened.store.write([e])).toEqual({ stored: 0, deadLettered: 1 });
    expect(dead).toEqual([e.id]);
    expect(calls).toBe(1);
  });
});
