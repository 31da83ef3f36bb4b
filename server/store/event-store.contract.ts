// The behaviour every EventStore and ExplorerStore implementation owes its callers, run against
// Postgres and the search engines (see the *.test.ts files that call these).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { eventId } from '../ingest/event-id.ts';
import type { EventStore, SearchParams } from './event-store.ts';
import type { ExplorerStore } from './explorer-store.ts';
import { parseQuery } from './query/index.ts';

const DAY = 86_400_000;

export interface StoreUnderTest {
  store: EventStore;
  explorer: ExplorerStore;
  done(): Promise<void>;
}

function event(ms: number, over: Partial<PicketEvent> = {}): PicketEvent {
  return {
    id: eventId(ms),
    utctimestamp: new Date(ms).toISOString(),
    receivedtimestamp: new Date(ms + 500).toISOString(),
    category: 'contract',
    source: 'contract-test',
    hostname: 'h1',
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary: 'contract test',
    tags: [],
    details: {},
    ...over,
  };
}

/** Every page of a search, following nextCursor: the ids in the order the pages gave them. */
export async function searchAllPages(store: EventStore, params: Omit<SearchParams, 'cursor'>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.search({ ...params, cursor });
    ids.push(...page.events.map((e) => e.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

export function eventStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let s: StoreUnderTest;
    let store: EventStore;
    // Each test tags its events with its own tag and queries by it, so tests share one store.
    const tag = () => `c${randomBytes(4).toString('hex')}`;
    const now = Date.now();
    const from = new Date(now - 2 * DAY);
    const to = new Date(now + 60_000);

    beforeAll(async () => {
      s = await open();
      store = s.store;
    });
    afterAll(() => s?.done());

    it('stores events exactly as given, special characters included, and finds them by id', async () => {
      const e = event(now - 1000, {
        tags: ['a', 'b,c', 'with "quotes"', 'back\\slash', 'tab\tnew\nline'],
        summary: `<script>alert(1)</script> ' ; DROP TABLE events; -- 東京 🎉`,
        details: {
          text: 'tab\there\nnewline \\ backslash',
          nested: { deep: [1, 'two', null] },
          __proto__x: 1,
          n: 1.5,
          b: false,
        },
      });
      expect(await store.write([e])).toEqual({ stored: 1, deadLettered: 0 });
      expect(await store.write([])).toEqual({ stored: 0, deadLettered: 0 });
      expect(await store.get(e.id)).toEqual(e);
      expect(await store.get(eventId(now - 5000))).toBeNull();
      expect(await store.get('not-a-uuid')).toBeNull();
    });

    it('searches the window newest first with the total, and pages with cursors without repeats', async () => {
      const t = tag();
      const base = now - 60_000;
      // Seven share one timestamp: the cursor must break ties by id.
      const events = [
        ...Array.from({ length: 7 }, (_, i) => event(base, { tags: [t], details: { i } })),
        event(base - 10_000, { tags: [t] }),
        event(base + 10_000, { tags: [t] }),
      ];
      await store.write(events);
      await store.write([event(now - 3 * DAY, { tags: [t] })]); // outside the window
      const query = parseQuery(`tags:${t}`);
      const first = await store.search({ query, from, to, size: 4, sort: { field: 'utctimestamp', order: 'desc' } });
      expect(first.total).toBe(9);
      expect(first.totalExact).toBe(true);
      expect(first.events[0].id).toBe(events[8].id);
      const ids = await searchAllPages(store, {
        query,
        from,
        to,
        size: 4,
        sort: { field: 'utctimestamp', order: 'desc' },
      });
      expect(ids).toHaveLength(9);
      expect([...ids].sort()).toEqual(events.map((e) => e.id).sort());
      expect(ids.at(-1)).toBe(events[7].id);
      const asc = await store.search({ query, from, to, size: 1, sort: { field: 'utctimestamp', order: 'asc' } });
      expect(asc.events[0].id).toBe(events[7].id);
      await expect(
        store.search({ query, from, to, size: 4, sort: { field: 'utctimestamp', order: 'desc' }, cursor: 'garbage' }),
      ).rejects.toMatchObject({
        code: 'invalid_cursor',
      });
    });

    it('sorts by another field, breaking ties by time, with cursors', async () => {
      const t = tag();
      const events = ['b', 'a', 'c', 'a', 'b'].map((h, i) =>
        event(now - 30_000 + i * 1000, { tags: [t], hostname: `host-${h}` }),
      );
      await store.write(events);
      const query = parseQuery(`tags:${t}`);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.search({
          query,
          from,
          to,
          size: 2,
          sort: { field: 'hostname', order: 'asc' },
          cursor,
        });
        seen.push(...page.events.map((e) => `${e.hostname}@${e.utctimestamp.slice(17, 19)}`));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const expected = [...events]
        .sort((x, y) =>
          x.hostname < y.hostname ? -1 : x.hostname > y.hostname ? 1 : x.utctimestamp.localeCompare(y.utctimestamp),
        )
        .map((e) => `${e.hostname}@${e.utctimestamp.slice(17, 19)}`);
      expect(seen).toEqual(expected);
    });

    it('counts top values of columns, tags and details paths, most frequent first then by key', async () => {
      const t = tag();
      const mk = (host: string, ip: string, extra: string[] = []) =>
        event(now - 20_000, { tags: [t, ...extra], hostname: host, details: { sourceipaddress: ip, port: 22 } });
      await store.write([
        mk('web', '10.0.0.1', ['x']),
        mk('web', '10.0.0.2', ['x']),
        mk('db', '10.0.0.1'),
        mk('app', '10.0.0.1'),
        mk('web', '10.0.0.3'),
      ]);
      const query = parseQuery(`tags:${t}`);
      expect(await store.aggregate({ query, from, to, field: 'hostname', size: 2 })).toEqual([
        { key: 'web', count: 3 },
        { key: 'app', count: 1 },
      ]);
      expect(await store.aggregate({ query, from, to, field: 'details.sourceipaddress', size: 10 })).toEqual([
        { key: '10.0.0.1', count: 3 },
        { key: '10.0.0.2', count: 1 },
        { key: '10.0.0.3', count: 1 },
      ]);
      expect(await store.aggregate({ query, from, to, field: 'sourceipaddress', size: 1 })).toEqual([
        { key: '10.0.0.1', count: 3 },
      ]);
      expect(await store.aggregate({ query, from, to, field: 'details.port', size: 10 })).toEqual([
        { key: '22', count: 5 },
      ]);
      expect(await store.aggregate({ query, from, to, field: 'tags', size: 10 })).toEqual([
        { key: t, count: 5 },
        { key: 'x', count: 2 },
      ]);
      await expect(store.aggregate({ query, from, to, field: 'a..b', size: 10 })).rejects.toThrow(
        /unsupported aggregation field/,
      );
    });

    it('counts a histogram per interval, with empty intervals as zero', async () => {
      const t = tag();
      const start = Math.floor((now - 3_600_000) / 60_000) * 60_000;
      await store.write([
        event(start + 1000, { tags: [t] }),
        event(start + 2000, { tags: [t] }),
        event(start + 121_000, { tags: [t] }),
      ]);
      const buckets = await store.histogram({
        query: parseQuery(`tags:${t}`),
        from: new Date(start),
        to: new Date(start + 179_000),
        intervalMs: 60_000,
      });
      expect(buckets).toEqual([
        { ts: new Date(start).toISOString(), count: 2 },
        { ts: new Date(start + 60_000).toISOString(), count: 0 },
        { ts: new Date(start + 120_000).toISOString(), count: 1 },
      ]);
    });

    it('drops whole days older than the retention period and keeps the rest', async () => {
      const old = event(now - 100 * DAY, { tags: ['old'] });
      const recent = event(now - 10 * DAY, { tags: ['recent'] });
      await store.write([old, recent]);
      const dropped = await store.applyRetention(90, new Date(now));
      expect(dropped.length).toBeGreaterThanOrEqual(1);
      expect(await store.get(old.id)).toBeNull();
      expect(await store.get(recent.id)).toEqual(recent);
      // Writing into a dropped day again works (the day is created anew).
      const again = event(now - 100 * DAY);
      expect(await store.write([again])).toEqual({ stored: 1, deadLettered: 0 });
      expect(await store.get(again.id)).toEqual(again);
    });

    it('reports itself healthy', async () => {
      expect(await store.health()).toBe('ok');
    });
  });

  describe(`ExplorerStore contract: ${name}`, () => {
    let s: StoreUnderTest;
    const now = Date.now();
    const from = new Date(now - DAY);
    const to = new Date(now + 60_000);
    const t = `e${randomBytes(4).toString('hex')}`;
    const geo = (ip: string, lat: number, lon: number, city: string) => ({
      sourceipaddress: ip,
      sourceipgeolocation: { latitude: lat, longitude: lon, country_code: 'FR', city },
    });
    const events = [
      event(now - 5000, {
        tags: [t],
        hostname: 'a',
        details: { user: 'alice', ...geo('1.1.1.1', 48.85, 2.35, 'Paris') },
      }),
      event(now - 4000, {
        tags: [t],
        hostname: 'a',
        details: { user: 'bob', ...geo('1.1.1.2', 48.85, 2.35, 'Paris') },
      }),
      event(now - 3000, {
        tags: [t],
        hostname: 'b',
        details: { user: 'alice', ...geo('2.2.2.2', 43.3, 5.37, 'Marseille') },
      }),
      event(now - 2000, {
        tags: [t],
        hostname: 'c',
        details: { other: 1 },
        receivedtimestamp: new Date(now + 1000).toISOString(),
      }),
    ];

    beforeAll(async () => {
      s = await open();
      await s.store.write(events);
    });
    afterAll(() => s?.done());

    it('lists the details fields seen recently, with their types and shares', async () => {
      const catalog = await s.explorer.fieldCatalog({ since: new Date(now - DAY) });
      const byName = new Map(catalog.fields.map((f) => [f.name, f]));
      // Newest events plus a spread sample: the same event can be counted in both.
      expect(catalog.sampled).toBeGreaterThanOrEqual(4);
      expect(byName.get('category')).toMatchObject({ type: 'keyword', frequency: 1 });
      expect(byName.get('details.user')).toMatchObject({ type: 'string', frequency: 0.75, queryable: true });
      expect(byName.get('details.sourceipgeolocation.latitude')).toMatchObject({ type: 'number', frequency: 0.75 });
      expect(byName.get('details.other')).toMatchObject({ type: 'number', frequency: 0.25 });
    });

    it('samples top values of the newest matches', async () => {
      const query = parseQuery(`tags:${t}`);
      const r = await s.explorer.topValues({ query, from, to, field: 'details.user', size: 5, sample: 1000 });
      expect(r).toEqual({
        buckets: [
          { key: 'alice', count: 2 },
          { key: 'bob', count: 1 },
        ],
        examined: 4,
        withValue: 3,
        exact: false,
      });
      const newest = await s.explorer.topValues({ query, from, to, field: 'hostname', size: 5, sample: 2 });
      expect(newest.buckets).toEqual([
        { key: 'b', count: 1 },
        { key: 'c', count: 1 },
      ]);
      expect(newest.examined).toBe(2);
    });

    it('groups geolocated matches into map points', async () => {
      const r = await s.explorer.geoPoints({ query: parseQuery(`tags:${t}`), from, to, size: 10, sample: 1000 });
      expect(r).toEqual({
        points: [
          { latitude: 48.85, longitude: 2.35, count: 2, ips: 2, country_code: 'FR', city: 'Paris' },
          { latitude: 43.3, longitude: 5.37, count: 1, ips: 1, country_code: 'FR', city: 'Marseille' },
        ],
        examined: 3,
        sampled: false,
      });
    });

    it('knows the newest received time', async () => {
      const newest = await s.explorer.newestReceived();
      expect(newest && Date.parse(newest)).toBeGreaterThanOrEqual(now + 1000);
    });
  });
}
