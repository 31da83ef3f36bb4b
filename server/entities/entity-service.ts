// One entity (an IP, user, host or domain) over a time range: its events, the alerts they fed, the
// cases that name it, its watch/block status, geolocation and the entities seen with it. REST and
// tRPC both call `EntityService.get`, so the two answers are the same object.
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { alertEvents, alerts, caseEvidence, caseIndicators, cases, watchItems } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import { isPrivateOrReserved } from '../net/ip.ts';
import type { EventStore, HistogramBucket } from '../store/event-store.ts';
import type { ExplorerStore } from '../store/explorer-store.ts';
import { autoInterval, formatInterval } from '../store/histogram-interval.ts';
import { parseQuery, type QueryNode } from '../store/query/index.ts';
import type { GeoIpLookup, GeoLocation } from '../workers/plugins/geoip.ts';
import { listAttackers } from './attackers.ts';
import { ENTITY_FIELDS, entityHref, entityQuery, RELATED_FIELDS, type EntityKind } from './entity-kinds.ts';

export const ALERT_LIMIT = 25;
export const CASE_LIMIT = 25;
export const RELATED_LIMIT = 10;
/** Without a store that joins alerts in SQL: alerts fed by the newest this-many matching events. */
const FALLBACK_EVENT_IDS = 500;
const SUGGEST_MIN_PREFIX = 2;
const SUGGEST_PER_KIND = 5;
const SUGGEST_WINDOW_MS = 24 * 3_600_000;
const SUGGEST_KINDS: readonly EntityKind[] = ['ip', 'user', 'host'];
/** The fields the palette searches: the busiest of each kind, so the scan stays small. */
const SUGGEST_FIELDS: Readonly<Record<EntityKind, readonly string[]>> = {
  ip: ['details.sourceipaddress', 'details.destinationipaddress'],
  user: ['details.username', 'details.user'],
  host: ['hostname'],
  domain: ['details.fqdn', 'details.domain'],
};

export interface EntityAlert {
  id: string;
  summary: string;
  severity: string;
  status: string;
  category: string;
  utctimestamp: string;
}

export interface EntityCase {
  id: string;
  kind: 'incident' | 'investigation';
  summary: string;
  phase: string;
  severity: string;
  /** Why it is listed: the entity is one of its indicators, or an event it holds as evidence mentions it. */
  via: 'indicator' | 'evidence';
  href: string;
}

export interface EntityWatch {
  id: string;
  list: 'watchlist' | 'blockip' | 'blockfqdn';
  type: string;
  /** The item's own value: a CIDR or parent domain can cover the entity. */
  value: string;
  comment: string;
  createdBy: string;
  expiresAt: string | null;
  version: number;
}

export interface RelatedEntity {
  kind: EntityKind;
  value: string;
  count: number;
  href: string;
}

export interface EntityView {
  kind: EntityKind;
  value: string;
  firstSeen: string | null;
  lastSeen: string | null;
  /** The explorer's total for the same query and range (capped like it, at 10,000). */
  eventCount: number;
  histogram: {
    interval: string;
    intervalMs: number;
    query: string;
    from: string;
    to: string;
    buckets: HistogramBucket[];
  };
  alerts: EntityAlert[];
  cases: EntityCase[];
  /** Active (unexpired, not removed) watchlist and block-list items covering the entity. */
  watch: EntityWatch[];
  /** IPs only; null for private addresses, other kinds, or when the database has no entry. */
  geo: GeoLocation | null;
  related: RelatedEntity[];
}

export interface EntityServiceDeps {
  db: Db;
  store: EventStore;
  explorer: ExplorerStore;
  /** openGeoIp; absent or failing leaves geo null. */
  geoip?: () => Promise<GeoIpLookup>;
}

export class EntityService {
  constructor(private readonly deps: EntityServiceDeps) {}

  /** kind and value must have passed checkEntity (IPs normalized). */
  async get(kind: EntityKind, value: string, from: Date, to: Date): Promise<EntityView> {
    const q = entityQuery(kind, value);
    const query = parseQuery(q);
    const { store } = this.deps;
    const intervalMs = autoInterval(to.getTime() - from.getTime());
    const sort = (order: 'asc' | 'desc') => ({ field: 'utctimestamp' as const, order });
    const [newest, oldest, buckets, alertList, caseList, watch, geo, related] = await Promise.all([
      store.search({ query, from, to, size: 1, sort: sort('desc') }),
      store.search({ query, from, to, size: 1, sort: sort('asc') }),
      store.histogram({ query, from, to, intervalMs }),
      this.alerts(query, from, to),
      this.cases(kind, value),
      this.watch(kind, value),
      this.geo(kind, value),
      this.related(kind, value, query, from, to),
    ]);
    return {
      kind,
      value,
      firstSeen: oldest.events[0]?.utctimestamp ?? null,
      lastSeen: newest.events[0]?.utctimestamp ?? null,
      eventCount: newest.total,
      histogram: {
        interval: formatInterval(intervalMs),
        intervalMs,
        query: q,
        from: from.toISOString(),
        to: to.toISOString(),
        buckets,
      },
      alerts: alertList,
      cases: caseList,
      watch,
      geo,
      related,
    };
  }

  /** The attackers view: top source IPs by alerts and failed logins (attackers.ts). */
  attackers(from: Date, to: Date): ReturnType<typeof listAttackers> {
    return listAttackers(this.deps, from, to);
  }

  /**
   * Entities seen in the last day whose value starts with `prefix`, per kind (command palette).
   * Bounded: a few fields per kind, SUGGEST_PER_KIND values each, under the read pool's timeout.
   */
  async suggest(prefix: string, kinds?: readonly EntityKind[]): Promise<RelatedEntity[]> {
    const text = prefix.trim();
    if (text.length < SUGGEST_MIN_PREFIX) return [];
    const wanted = (kinds ?? SUGGEST_KINDS).filter((k) => k !== 'ip' || /^[0-9a-fA-F.:]+$/.test(text));
    const to = new Date();
    const from = new Date(to.getTime() - SUGGEST_WINDOW_MS);
    const out: RelatedEntity[] = [];
    await Promise.all(
      wanted.map(async (kind) => {
        const counts = new Map<string, number>();
        await Promise.all(
          SUGGEST_FIELDS[kind].map(async (field) => {
            // Built as a tree, not as query text: the typed prefix is literal (a `*` in it is not a wildcard).
            const query: QueryNode = { type: 'wildcard', field, parts: [{ kind: 'literal', text }, { kind: 'any' }] };
            for (const b of await this.deps.store.aggregate({ query, from, to, field, size: SUGGEST_PER_KIND }))
              counts.set(b.key, (counts.get(b.key) ?? 0) + b.count);
          }),
        );
        const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, SUGGEST_PER_KIND);
        for (const [value, count] of top) out.push({ kind, value, count, href: entityHref(kind, value) });
      }),
    );
    return out;
  }

  private async alerts(query: QueryNode, from: Date, to: Date): Promise<EntityAlert[]> {
    const { explorer, store, db } = this.deps;
    let ids: string[];
    if (explorer.alertIdsFedBy) {
      ids = await explorer.alertIdsFedBy({ query, from, to, limit: ALERT_LIMIT });
    } else {
      const r = await store.search({
        query,
        from,
        to,
        size: FALLBACK_EVENT_IDS,
        sort: { field: 'utctimestamp', order: 'desc' },
      });
      const eventIds = r.events.map((e) => e.id);
      ids = eventIds.length
        ? (
            await db
              .selectDistinct({ id: alertEvents.alertId })
              .from(alertEvents)
              .where(inArray(alertEvents.eventId, eventIds))
          ).map((x) => x.id)
        : [];
    }
    if (ids.length === 0) return [];
    return db
      .select({
        id: alerts.id,
        summary: alerts.summary,
        severity: alerts.severity,
        status: alerts.status,
        category: alerts.category,
        utctimestamp: alerts.utctimestamp,
      })
      .from(alerts)
      .where(inArray(alerts.id, ids))
      .orderBy(desc(alerts.utctimestamp))
      .limit(ALERT_LIMIT);
  }

  private async cases(kind: EntityKind, value: string): Promise<EntityCase[]> {
    const { db } = this.deps;
    const indicatorType = kind === 'host' ? 'domain' : kind;
    // Evidence holds a snapshot of the event: the same fields, read from the stored JSON.
    const snapshotMentions = or(
      ...ENTITY_FIELDS[kind].map((f) => {
        const path = `{${f.split('.').join(',')}}`;
        return sql`${caseEvidence.eventSnapshot} #>> ${path}::text[] = ${value}`;
      }),
    );
    const [byIndicator, byEvidence] = await Promise.all([
      db
        .selectDistinct({
          id: cases.id,
          kind: cases.kind,
          summary: cases.summary,
          phase: cases.phase,
          severity: cases.severity,
          updatedAt: cases.updatedAt,
        })
        .from(caseIndicators)
        .innerJoin(cases, eq(cases.id, caseIndicators.caseId))
        .where(and(eq(caseIndicators.type, indicatorType), eq(caseIndicators.value, value)))
        .orderBy(desc(cases.updatedAt))
        .limit(CASE_LIMIT),
      db
        .selectDistinct({
          id: cases.id,
          kind: cases.kind,
          summary: cases.summary,
          phase: cases.phase,
          severity: cases.severity,
          updatedAt: cases.updatedAt,
        })
        .from(caseEvidence)
        .innerJoin(cases, eq(cases.id, caseEvidence.caseId))
        .where(and(eq(caseEvidence.kind, 'event'), snapshotMentions))
        .orderBy(desc(cases.updatedAt))
        .limit(CASE_LIMIT),
    ]);
    const seen = new Map<string, EntityCase>();
    const add = (rows: typeof byIndicator, via: EntityCase['via']) => {
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        const section = r.kind === 'incident' ? 'incidents' : 'investigations';
        seen.set(r.id, {
          id: r.id,
          kind: r.kind,
          summary: r.summary,
          phase: r.phase,
          severity: r.severity,
          via,
          href: `/${section}/${r.id}`,
        });
      }
    };
    add(byIndicator, 'indicator');
    add(byEvidence, 'evidence');
    return [...seen.values()].slice(0, CASE_LIMIT);
  }

  private async watch(kind: EntityKind, value: string): Promise<EntityWatch[]> {
    const { db } = this.deps;
    const covers =
      kind === 'ip'
        ? or(
            and(eq(watchItems.type, 'ip'), eq(watchItems.value, value)),
            // Stored CIDRs were validated on create, so the cast cannot fail on a row.
            and(eq(watchItems.type, 'cidr'), sql`${value}::inet <<= ${watchItems.value}::inet`),
          )
        : kind === 'user'
          ? and(eq(watchItems.type, 'username'), eq(watchItems.value, value))
          : // A domain item covers the name and every subdomain (the ingest matcher's rule).
            and(
              eq(watchItems.type, 'domain'),
              or(
                eq(watchItems.value, value.toLowerCase()),
                sql`right(${value.toLowerCase()}, length(${watchItems.value}) + 1) = '.' || ${watchItems.value}`,
              ),
            );
    const rows = await db
      .select({
        id: watchItems.id,
        list: watchItems.list,
        type: watchItems.type,
        value: watchItems.value,
        comment: watchItems.comment,
        createdBy: watchItems.createdBy,
        expiresAt: watchItems.expiresAt,
        version: watchItems.version,
      })
      .from(watchItems)
      .where(
        and(
          isNull(watchItems.deletedAt),
          or(isNull(watchItems.expiresAt), sql`${watchItems.expiresAt} > now()`),
          covers,
        ),
      )
      .orderBy(desc(watchItems.createdAt))
      .limit(50);
    return rows;
  }

  private async geo(kind: EntityKind, value: string): Promise<GeoLocation | null> {
    if (kind !== 'ip' || !this.deps.geoip || isPrivateOrReserved(value)) return null;
    try {
      return (await this.deps.geoip()).lookup(value);
    } catch {
      return null; // the database did not open: the page says "no geolocation", like events without it
    }
  }

  private async related(
    kind: EntityKind,
    value: string,
    query: QueryNode,
    from: Date,
    to: Date,
  ): Promise<RelatedEntity[]> {
    const groups = RELATED_FIELDS[kind];
    const out: RelatedEntity[] = [];
    await Promise.all(
      groups.map(async (g) => {
        const per = await Promise.all(
          g.fields.map((field) => this.deps.store.aggregate({ query, from, to, field, size: RELATED_LIMIT })),
        );
        // An event naming the same user in two fields counts twice; the fields rarely overlap.
        const counts = new Map<string, number>();
        for (const buckets of per) for (const b of buckets) counts.set(b.key, (counts.get(b.key) ?? 0) + b.count);
        if (g.kind === kind) counts.delete(value);
        const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, RELATED_LIMIT);
        for (const [v, count] of top) out.push({ kind: g.kind, value: v, count, href: entityHref(g.kind, v) });
      }),
    );
    return out.sort((a, b) => (a.kind === b.kind ? b.count - a.count : a.kind < b.kind ? -1 : 1));
  }
}
