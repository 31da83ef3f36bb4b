// What an entity is (an IP, a user, a host, a domain), which event fields mention each kind, and
// the one Lucene query that finds its events. Pure: the entity page shows the same query it links
// to in the explorer, so the page's count and the explorer's total are the same search.
import { parseIp } from '../net/ip.ts';
import { fieldEquals } from '../store/query/build.ts';
import { WATCH_FIELDS } from '../watchlist/watch-fields.ts';

export const ENTITY_KINDS = ['ip', 'user', 'host', 'domain'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const MAX_ENTITY_VALUE = 512;
/** Entity pages look back a week unless told otherwise. */
export const ENTITY_DEFAULT_FROM = 'now-7d';

/**
 * Fields that mention an entity of each kind. IPs: the canonical names ip-fixup writes plus the
 * other address fields the watchlist matcher reads. Users: every user-name field shippers use.
 * Hosts: the event's own host name and host-name details. Domains: name fields of DNS, proxy and
 * TLS logs (exact value; a parent domain does not count its subdomains).
 */
export const ENTITY_FIELDS: Readonly<Record<EntityKind, readonly string[]>> = {
  // The watchlist matcher's fields, except X-Forwarded-For (a list of hops, never one exact address).
  ip: WATCH_FIELDS.ip.filter((f) => f !== 'details.x-forwarded-for'),
  // Except e-mail: an address is not the account name the other fields carry.
  user: WATCH_FIELDS.username.filter((f) => f !== 'details.email'),
  host: ['hostname', 'details.hostname', 'details.sourcehostname', 'details.destinationhostname'],
  domain: ['details.hostname', 'details.fqdn', 'details.domain', 'details.query', 'details.server_name', 'details.sni'],
};

/** Which related entities each kind shows, and the fields they are counted from. */
export const RELATED_FIELDS: Readonly<
  Record<EntityKind, ReadonlyArray<{ kind: EntityKind; fields: readonly string[] }>>
> = {
  ip: [
    { kind: 'user', fields: ['details.username', 'details.user', 'details.sourceusername'] },
    { kind: 'host', fields: ['hostname'] },
  ],
  user: [
    { kind: 'ip', fields: ['details.sourceipaddress'] },
    { kind: 'host', fields: ['hostname'] },
  ],
  host: [
    { kind: 'ip', fields: ['details.sourceipaddress'] },
    { kind: 'user', fields: ['details.username', 'details.user', 'details.sourceusername'] },
  ],
  domain: [
    { kind: 'ip', fields: ['details.sourceipaddress'] },
    { kind: 'user', fields: ['details.username', 'details.user'] },
  ],
};

/** The entity a field's value names, for links from event views (a field in two lists is a host first). */
export function entityKindOfField(path: string): EntityKind | null {
  for (const kind of ['ip', 'user', 'host', 'domain'] as const) if (ENTITY_FIELDS[kind].includes(path)) return kind;
  return null;
}

export function isEntityKind(s: string): s is EntityKind {
  return (ENTITY_KINDS as readonly string[]).includes(s);
}

export type EntityCheck = { ok: true; kind: EntityKind; value: string } | { ok: false; message: string };

/** Validates a kind and value from a URL; IPs come back normalized (the form events are stored in). */
export function checkEntity(kind: string, value: string): EntityCheck {
  if (!isEntityKind(kind)) return { ok: false, message: `kind must be one of ${ENTITY_KINDS.join(', ')}` };
  if (value.length === 0 || value.trim() !== value)
    return { ok: false, message: 'value must be non-empty, without leading or trailing spaces' };
  if (value.length > MAX_ENTITY_VALUE)
    return { ok: false, message: `value is longer than ${MAX_ENTITY_VALUE} characters` };
  // Control characters never belong to a name an analyst pivots on.
  if (/[\u0000-\u001f\u007f]/.test(value)) return { ok: false, message: 'value contains control characters' };
  if (kind === 'ip') {
    const ip = parseIp(value);
    if (ip === null) return { ok: false, message: `${JSON.stringify(value.slice(0, 80))} is not an IP address` };
    return { ok: true, kind, value: ip.normalized };
  }
  return { ok: true, kind, value };
}

/** The explorer query for an entity's events: any of its kind's fields equal to the value. */
export function entityQuery(kind: EntityKind, value: string): string {
  return ENTITY_FIELDS[kind].map((f) => fieldEquals(f, value)).join(' OR ');
}

/** The entity page's path; the value is percent-encoded (log values are attacker text). */
export function entityHref(kind: EntityKind, value: string): string {
  return `/entity/${kind}/${encodeURIComponent(value)}`;
}

/** The explorer link for an entity over a range given as the user wrote it. */
export function entityExplorerHref(kind: EntityKind, value: string, from: string, to: string): string {
  return `/events?${new URLSearchParams({ q: entityQuery(kind, value), from, to })}`;
}
