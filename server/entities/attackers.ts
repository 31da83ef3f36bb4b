// MozDef's attackers view: the source IPs behind the most alerts and failed logins in a range,
// each with geolocation, first/last seen and block status.
import { and, inArray, isNull, or, sql } from 'drizzle-orm';
import { watchItems } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import { isPrivateOrReserved, parseCidrList, parseIp } from '../net/ip.ts';
import type { EventStore } from '../store/event-store.ts';
import type { ExplorerStore } from '../store/explorer-store.ts';
import { parseQuery } from '../store/query/index.ts';
import type { GeoIpLookup, GeoLocation } from '../workers/plugins/geoip.ts';
import { entityHref, entityQuery } from './entity-kinds.ts';

export const ATTACKER_LIMIT = 20;
/** A failed authentication as the sshd parser and most auth shippers record it. */
export const FAILED_LOGIN_QUERY = 'details.success:false';

export interface Attacker {
  ip: string;
  href: string;
  alerts: number;
  failedLogins: number;
  firstSeen: string | null;
  lastSeen: string | null;
  geo: GeoLocation | null;
  /** The active block-list item covering it (its own or a CIDR), if any. */
  block: { id: string; value: string; expiresAt: string | null; version: number } | null;
}

function inCidr(cidr: string, ip: string): boolean {
  try {
    return parseCidrList([cidr]).contains(ip);
  } catch {
    return false; // stored CIDRs were validated on create; never fail the view over one
  }
}

export async function listAttackers(
  deps: { db: Db; store: EventStore; explorer: ExplorerStore; geoip?: () => Promise<GeoIpLookup> },
  from: Date,
  to: Date,
): Promise<{ failedLoginQuery: string; attackers: Attacker[] }> {
  const [failed, alerted, geo] = await Promise.all([
    deps.store.aggregate({
      query: parseQuery(FAILED_LOGIN_QUERY),
      from,
      to,
      field: 'details.sourceipaddress',
      size: ATTACKER_LIMIT,
    }),
    deps.explorer.alertSourceIps
      ? deps.explorer.alertSourceIps({ from, to, limit: ATTACKER_LIMIT })
      : Promise.resolve([]),
    deps.geoip ? deps.geoip().catch(() => null) : Promise.resolve(null),
  ]);
  const rows = new Map<string, { alerts: number; failedLogins: number }>();
  // Only real addresses: a log can put any text in sourceipaddress.
  const row = (key: string) => {
    const r = rows.get(key) ?? { alerts: 0, failedLogins: 0 };
    rows.set(key, r);
    return r;
  };
  for (const b of alerted) if (parseIp(b.key)) row(b.key).alerts = b.count;
  for (const b of failed) if (parseIp(b.key)) row(b.key).failedLogins = b.count;
  const top = [...rows]
    .sort((a, b) => b[1].alerts - a[1].alerts || b[1].failedLogins - a[1].failedLogins)
    .slice(0, ATTACKER_LIMIT);
  const ips = top.map(([ip]) => ip);
  const blocks = ips.length
    ? await deps.db
        .select({
          id: watchItems.id,
          type: watchItems.type,
          value: watchItems.value,
          expiresAt: watchItems.expiresAt,
          version: watchItems.version,
        })
        .from(watchItems)
        .where(
          and(
            sql`${watchItems.list} = 'blockip'`,
            isNull(watchItems.deletedAt),
            or(isNull(watchItems.expiresAt), sql`${watchItems.expiresAt} > now()`),
            or(
              inArray(watchItems.value, ips),
              sql`${watchItems.type} = 'cidr' AND ${watchItems.value}::inet >>= ANY(${`{${ips.join(',')}}`}::inet[])`,
            ),
          ),
        )
    : [];
  const attackers = await Promise.all(
    top.map(async ([ip, counts]): Promise<Attacker> => {
      const query = parseQuery(entityQuery('ip', ip));
      const [newest, oldest] = await Promise.all([
        deps.store.search({ query, from, to, size: 1, sort: { field: 'utctimestamp', order: 'desc' } }),
        deps.store.search({ query, from, to, size: 1, sort: { field: 'utctimestamp', order: 'asc' } }),
      ]);
      const block = blocks.find((b) => (b.type === 'ip' ? b.value === ip : inCidr(b.value, ip))) ?? null;
      return {
        ip,
        href: entityHref('ip', ip),
        ...counts,
        firstSeen: oldest.events[0]?.utctimestamp ?? null,
        lastSeen: newest.events[0]?.utctimestamp ?? null,
        geo: geo && !isPrivateOrReserved(ip) ? geo.lookup(ip) : null,
        block: block && { id: block.id, value: block.value, expiresAt: block.expiresAt, version: block.version },
      };
    }),
  );
  return { failedLoginQuery: FAILED_LOGIN_QUERY, attackers };
}
