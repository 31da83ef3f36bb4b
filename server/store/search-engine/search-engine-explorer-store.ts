// The explorer's queries (field catalog, sampled top values, map points, store lag) on the search engine.
import type { ExplorerStore, FieldCatalog, GeoPoint, GeoPoints, TopValues } from '../explorer-store.ts';
import { buildFieldCatalog } from '../field-catalog.ts';
import type { QueryNode } from '../query/index.ts';
import type { Dsl } from './compile-dsl.ts';
import {
  aggregationTarget,
  termsAggregation,
  windowedQuery,
  type SearchEngineEventStore,
} from './search-engine-event-store.ts';

const RECENT_SAMPLE = 1500;
const SPREAD_SAMPLE = 2500;
/** The engines' default index.max_result_window: samples of newest events stop there. */
export const MAX_SAMPLE = 10_000;

const newestFirst = [{ utctimestamp: { order: 'desc' } }, { id: { order: 'desc' } }];

function withCondition(query: Dsl, cond: Dsl): Dsl {
  return { bool: { filter: [query, cond] } };
}

/** Most frequent value, ties to the smallest (Postgres' mode() over ordered input). */
function mode(values: Array<string | null>): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n || (c === n && best !== null && v < best)) [best, n] = [v, c];
  return best;
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export class SearchEngineExplorerStore implements ExplorerStore {
  constructor(private readonly store: SearchEngineEventStore) {}

  async fieldCatalog({ since }: { since: Date }): Promise<FieldCatalog> {
    const started = new Date();
    const window = { range: { utctimestamp: { gte: since.toISOString(), format: 'strict_date_optional_time' } } };
    const [recent, spread] = await Promise.all([
      this.store.query({
        query: window,
        size: RECENT_SAMPLE,
        sort: newestFirst,
        _source: ['details'],
        track_total_hits: false,
      }),
      // Spread over the window so quieter sources show up too (the Postgres store uses TABLESAMPLE).
      this.store.query({
        query: { function_score: { query: window, random_score: {}, boost_mode: 'replace' } },
        size: SPREAD_SAMPLE,
        _source: ['details'],
        track_total_hits: false,
      }),
    ]);
    const rows = [...recent.hits.hits, ...spread.hits.hits].map((h) => h._source.details);
    return buildFieldCatalog(rows, started);
  }

  async topValues(p: {
    query: QueryNode;
    from: Date;
    to: Date;
    field: string;
    size: number;
    sample: number;
  }): Promise<TopValues> {
    const sample = Math.min(p.sample, MAX_SAMPLE);
    const query = windowedQuery(p.query, p.from, p.to);
    // The newest `sample` matches are the ones at or after the sample-th newest match's time.
    const edge = await this.store.query({
      query,
      size: 1,
      from: sample - 1,
      sort: newestFirst,
      _source: ['utctimestamp'],
      track_total_hits: false,
    });
    const cut = edge.hits.hits[0]?._source.utctimestamp as string | undefined;
    const scoped = cut
      ? withCondition(query, { range: { utctimestamp: { gte: cut, format: 'strict_date_optional_time' } } })
      : query;
    const target = aggregationTarget(p.field);
    const hasValue: Dsl =
      'column' in target
        ? p.field === 'tags'
          ? { exists: { field: 'tags' } }
          : { match_all: {} }
        : { term: { 'x.paths': target.path } };
    const { aggs, read } = termsAggregation(p.field, p.size);
    const res = await this.store.query({
      query: scoped,
      size: 0,
      track_total_hits: true,
      aggs: { ...aggs, withValue: { filter: hasValue } },
    });
    const total = res.hits.total;
    const examined = typeof total === 'number' ? total : (total?.value ?? 0);
    return {
      buckets: read(res.aggregations ?? {}),
      examined,
      withValue: (res.aggregations?.withValue as { doc_count: number } | undefined)?.doc_count ?? 0,
      exact: false,
    };
  }

  async geoPoints(p: { query: QueryNode; from: Date; to: Date; size: number; sample: number }): Promise<GeoPoints> {
    const sample = Math.min(p.sample, MAX_SAMPLE);
    const res = await this.store.query({
      query: withCondition(windowedQuery(p.query, p.from, p.to), { term: { 'x.paths': 'sourceipgeolocation' } }),
      size: sample,
      sort: newestFirst,
      _source: ['details.sourceipgeolocation', 'details.sourceipaddress'],
      track_total_hits: false,
    });
    const groups = new Map<
      string,
      {
        latitude: number;
        longitude: number;
        ips: Set<string>;
        countries: Array<string | null>;
        cities: Array<string | null>;
        count: number;
      }
    >();
    for (const h of res.hits.hits) {
      const d = (h._source.details ?? {}) as Record<string, unknown>;
      const g = (d.sourceipgeolocation ?? {}) as Record<string, unknown>;
      const { latitude, longitude } = g;
      if (typeof latitude !== 'number' || typeof longitude !== 'number') continue;
      if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) continue;
      const key = `${latitude},${longitude}`;
      let group = groups.get(key);
      if (!group)
        groups.set(key, (group = { latitude, longitude, ips: new Set(), countries: [], cities: [], count: 0 }));
      group.count++;
      const ip = text(d.sourceipaddress);
      if (ip !== null) group.ips.add(ip);
      group.countries.push(text(g.country_code));
      group.cities.push(text(g.city));
    }
    const points: GeoPoint[] = [...groups.values()]
      .map((g) => ({
        latitude: g.latitude,
        longitude: g.longitude,
        count: g.count,
        ips: g.ips.size,
        country_code: mode(g.countries),
        city: mode(g.cities),
      }))
      .sort((a, b) => b.count - a.count || a.latitude - b.latitude || a.longitude - b.longitude)
      .slice(0, p.size);
    const examined = res.hits.hits.length;
    return { points, examined, sampled: examined >= sample };
  }

  async newestReceived(): Promise<string | null> {
    const res = await this.store.query({
      size: 0,
      track_total_hits: false,
      aggs: { r: { max: { field: 'receivedtimestamp' } } },
    });
    const value = (res.aggregations?.r as { value: number | null } | undefined)?.value;
    return value === null || value === undefined ? null : new Date(value).toISOString();
  }
}
