import type { QueryNode } from './query/index.ts';

// Queries the events explorer and dashboard need beyond EventStore's search/aggregate/histogram.
// A separate seam so the core EventStore stays small; an Elasticsearch back end implements both.

export type FieldType = 'keyword' | 'text' | 'date' | 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface FieldStat {
  /** As typed in a query: a column (`category`) or a details path (`details.sourceipaddress`). */
  name: string;
  /** The most common JSON type seen (columns: keyword/text/date/array). */
  type: FieldType;
  /** Every type seen, most common first (a field can hold "22" in one event and 22 in another). */
  types: FieldType[];
  /** Share of sampled events carrying the field, 0..1 (columns: 1). */
  frequency: number;
  /** False when a key cannot be addressed by the query language (e.g. it contains a dot). */
  queryable: boolean;
}

export interface FieldCatalog {
  fields: FieldStat[];
  /** Events the frequencies were computed from. */
  sampled: number;
  computedAt: string;
}

export interface TopValues {
  buckets: Array<{ key: string; count: number }>;
  /** Events looked at (the newest `sample` matches); null when exact (all matches, not counted). */
  examined: number | null;
  /** Of those, how many have a value for the field; null when exact. */
  withValue: number | null;
  exact: boolean;
}

export interface GeoPoint {
  latitude: number;
  longitude: number;
  count: number;
  /** Distinct source addresses at this point. */
  ips: number;
  country_code: string | null;
  city: string | null;
}

export interface GeoPoints {
  points: GeoPoint[];
  /** Geolocated events counted. */
  examined: number;
  /** True when there were more than the sample: counts are then proportions of the newest ones. */
  sampled: boolean;
}

export interface ExplorerStore {
  /** Field names seen in recent data, from a bounded sample (cheap at any table size). */
  fieldCatalog(opts: { since: Date }): Promise<FieldCatalog>;
  /** Top values of a field over the newest `sample` matching events (exact counts: EventStore.aggregate). */
  topValues(p: {
    query: QueryNode;
    from: Date;
    to: Date;
    field: string;
    size: number;
    sample: number;
  }): Promise<TopValues>;
  /** details.sourceipgeolocation latitude/longitude pairs with counts over the newest `sample` geolocated matches. */
  geoPoints(p: { query: QueryNode; from: Date; to: Date; size: number; sample: number }): Promise<GeoPoints>;
  /** The newest receivedtimestamp in the store (null when empty): for store-lag when this process saw no writes. */
  newestReceived(): Promise<string | null>;
  /**
   * Alerts fed by any event matching the query in the range, newest event first (entity pages).
   * Optional: a store whose events live outside Postgres cannot join them with alert_events.
   */
  alertIdsFedBy?(p: { query: QueryNode; from: Date; to: Date; limit: number }): Promise<string[]>;
  /** Source IPs of the events behind alerts in the range, by distinct alerts (attackers view). Optional like alertIdsFedBy. */
  alertSourceIps?(p: { from: Date; to: Date; limit: number }): Promise<Array<{ key: string; count: number }>>;
}
