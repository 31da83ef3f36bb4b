// The search-engine store answers the query language exactly like the in-memory matcher (and so
// like SQL): the shared cases and 400 generated queries over the same fixtures, on a real node.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { CASES } from '../query/equivalence-cases.ts';
import { matchEvent, parseQuery } from '../query/index.ts';
import { buildFixtures, randomQueries } from '../query/test-fixtures.ts';
import { engineTargets, type EngineTarget } from '../../../test/search-engine-targets.ts';
import type { SearchEngineEventStore } from './search-engine-event-store.ts';

const now = Date.now();
const fixtures = buildFixtures(now);
const events: PicketEvent[] = [...fixtures.values()].map((e) => JSON.parse(JSON.stringify(e)) as PicketEvent);
const nameOf = new Map([...fixtures].map(([name, e]) => [e.id, name]));
const FROM = new Date(0);
const TO = new Date(now + 365 * 86_400_000);

// The Elasticsearch client via its mock sends the same DSL: the contract suite covers that path.
for (const target of engineTargets().filter((t) => t.skip || !t.viaMock)) {
  describe.skipIf(target.skip)(`query language on ${target.name}`, () => {
    let store: SearchEngineEventStore;
    let done: () => Promise<void>;

    beforeAll(async () => {
      ({ store, done } = await (target as EngineTarget).open(pino({ level: 'silent' })));
      expect(await store.write(events)).toEqual({ stored: events.length, deadLettered: 0 });
    });
    afterAll(() => done?.());

    const engineNames = async (q: string) => {
      const r = await store.search({
        query: parseQuery(q),
        from: FROM,
        to: TO,
        size: 100,
        sort: { field: 'utctimestamp', order: 'asc' },
      });
      return r.events.map((e) => nameOf.get(e.id)!).sort();
    };
    const memoryNames = (q: string) => {
      const node = parseQuery(q);
      return events
        .filter((e) => matchEvent(node, e))
        .map((e) => nameOf.get(e.id)!)
        .sort();
    };

    it.each(CASES)('%s', async (q, expected) => {
      const fromEngine = await engineNames(q);
      expect(fromEngine, 'engine vs in-memory').toEqual(memoryNames(q));
      if (expected) expect(fromEngine, 'engine vs expected').toEqual([...expected].sort());
    });

    it('agrees on 400 generated queries', async () => {
      let checked = 0;
      for (const q of randomQueries(400, 42)) {
        try {
          parseQuery(q);
        } catch {
          continue;
        }
        expect(await engineNames(q), q).toEqual(memoryNames(q));
        checked++;
      }
      expect(checked).toBeGreaterThan(300);
    });

    it('stored every event as it came, and only those', async () => {
      const r = await store.search({
        query: parseQuery('*'),
        from: FROM,
        to: TO,
        size: 100,
        sort: { field: 'utctimestamp', order: 'asc' },
      });
      expect(r.total).toBe(events.length);
      const byId = new Map(r.events.map((e) => [e.id, e]));
      for (const e of events) expect(byId.get(e.id)).toEqual(e);
    });
  });
}
