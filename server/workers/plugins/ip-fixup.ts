import type { PicketEvent } from '../../ingest/event.ts';
import { parseIp, splitHostPort } from '../../net/ip.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef ipFixup: one canonical name per address/port, added next to the shipper's own field, so
// alerts, geoip and search need not know every shipper's spelling. Keys are matched
// case-insensitively (sourceIPAddress from CloudTrail, SrcIP, ...).
type Role = 'srcip' | 'dstip' | 'srcport' | 'dstport';

const CANONICAL: Record<Role, string> = {
  srcip: 'sourceipaddress',
  dstip: 'destinationipaddress',
  srcport: 'sourceport',
  dstport: 'destinationport',
};

// Lower-cased alias → role. Flattened Zeek keys ('id.orig_h') live here; nested details.id is handled apart.
const ALIASES = new Map<string, Role>([
  ['srcip', 'srcip'],
  ['src_ip', 'srcip'],
  ['src', 'srcip'],
  ['sourceip', 'srcip'],
  ['source_ip', 'srcip'],
  ['sourceipaddress', 'srcip'],
  ['client_ip', 'srcip'],
  ['clientip', 'srcip'],
  ['id.orig_h', 'srcip'],
  ['dstip', 'dstip'],
  ['dst_ip', 'dstip'],
  ['dst', 'dstip'],
  ['destip', 'dstip'],
  ['dest_ip', 'dstip'],
  ['destinationip', 'dstip'],
  ['destination_ip', 'dstip'],
  ['destinationipaddress', 'dstip'],
  ['id.resp_h', 'dstip'],
  ['srcport', 'srcport'],
  ['src_port', 'srcport'],
  ['sourceport', 'srcport'],
  ['source_port', 'srcport'],
  ['id.orig_p', 'srcport'],
  ['dstport', 'dstport'],
  ['dst_port', 'dstport'],
  ['destinationport', 'dstport'],
  ['destination_port', 'dstport'],
  ['id.resp_p', 'dstport'],
]);

const ZEEK_ID: ReadonlyArray<readonly [string, Role]> = [
  ['orig_h', 'srcip'],
  ['resp_h', 'dstip'],
  ['orig_p', 'srcport'],
  ['resp_p', 'dstport'],
];

/** An integer port from a number or digit string, else -1. */
function toPort(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 65535 ? v : -1;
  if (typeof v !== 'string' || v.length === 0 || v.length > 5) return -1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  const p = Number(v);
  return p <= 65535 ? p : -1;
}

interface Addr {
  ip: string;
  port: number; // -1 when the value carried none
}

/** '1.2.3.4', '1.2.3.4:22', '[::1]:22', '::ffff:1.2.3.4' → normalized address and optional port. */
function toAddr(v: unknown): Addr | null {
  if (typeof v !== 'string') return null;
  const parsed = parseIp(v);
  if (parsed !== null) return { ip: parsed.normalized, port: -1 };
  const hp = splitHostPort(v.trim());
  if (hp.port === undefined) return null;
  const host = parseIp(hp.host);
  return host === null ? null : { ip: host.normalized, port: hp.port };
}

function setPortIfAbsent(d: Record<string, unknown>, role: 'srcport' | 'dstport', port: number): void {
  if (port >= 0 && d[CANONICAL[role]] === undefined) d[CANONICAL[role]] = port;
}

/**
 * Canonical field present: normalize it in place. An invalid value leaves the canonical field (MozDef
 * deletes it, so nothing downstream trusts a bad address) but moves to details.invalid_<field>, so
 * what the shipper sent is never lost silently.
 */
function fixCanonicalIp(d: Record<string, unknown>, role: 'srcip' | 'dstip'): void {
  const field = CANONICAL[role];
  const value = d[field];
  const addr = toAddr(value);
  if (addr === null) {
    delete d[field];
    d[`invalid_${field}`] = value;
    return;
  }
  if (addr.ip !== value) d[field] = addr.ip;
  setPortIfAbsent(d, role === 'srcip' ? 'srcport' : 'dstport', addr.port);
}

function fixCanonicalPort(d: Record<string, unknown>, role: 'srcport' | 'dstport'): void {
  const field = CANONICAL[role];
  const value = d[field];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535) return;
  const port = toPort(value);
  if (port >= 0) {
    d[field] = port;
  } else {
    delete d[field];
    d[`invalid_${field}`] = value;
  }
}

/**
 * Alias present and canonical absent: copy the value only when it is a valid address/port. The alias
 * itself stays: a rule written for the shipper's field (Sigma's Zeek rules read id.orig_h) must still
 * find it. Aliases like 'src' or 'dst' are also used for non-addresses (hostnames, paths), so an
 * unparseable alias is left alone rather than reported as an invalid IP.
 */
function copyAlias(d: Record<string, unknown>, container: Record<string, unknown>, key: string, role: Role): void {
  const value = container[key];
  if (role === 'srcip' || role === 'dstip') {
    if (d[CANONICAL[role]] !== undefined) return;
    const addr = toAddr(value);
    if (addr === null) return;
    d[CANONICAL[role]] = addr.ip;
    setPortIfAbsent(d, role === 'srcip' ? 'srcport' : 'dstport', addr.port);
    return;
  }
  if (d[CANONICAL[role]] !== undefined) return;
  const port = toPort(value);
  if (port < 0) return;
  d[CANONICAL[role]] = port;
}

function fixup(event: PicketEvent): PicketEvent {
  const d = event.details;
  if (d === null || typeof d !== 'object') return event;
  // Canonical fields first: an invalid one is moved aside, and a valid alias may then take its place.
  if (d.sourceipaddress !== undefined) fixCanonicalIp(d, 'srcip');
  if (d.destinationipaddress !== undefined) fixCanonicalIp(d, 'dstip');
  // IP aliases before port aliases, so a host:port value fills the port before a bare port alias.
  let portAliases: string[] | undefined;
  for (const key in d) {
    const role = ALIASES.get(key) ?? ALIASES.get(key.toLowerCase());
    if (role === undefined || key === CANONICAL[role]) continue;
    if (role === 'srcport' || role === 'dstport') (portAliases ??= []).push(key);
    else copyAlias(d, d, key, role);
  }
  const zeek = d.id;
  if (zeek !== null && typeof zeek === 'object' && !Array.isArray(zeek)) {
    const id = zeek as Record<string, unknown>;
    for (const [key, role] of ZEEK_ID) if (Object.hasOwn(id, key)) copyAlias(d, id, key, role);
  }
  if (portAliases !== undefined)
    for (const key of portAliases) copyAlias(d, d, key, ALIASES.get(key.toLowerCase()) as Role);
  if (d.sourceport !== undefined) fixCanonicalPort(d, 'srcport');
  if (d.destinationport !== undefined) fixCanonicalPort(d, 'dstport');
  return event;
}

export function createIpFixupPlugin(): EnrichmentPlugin {
  return {
    name: 'ip-fixup',
    priority: 10,
    // Zeek's nested details.id.orig_h is reached by its leaf and dotted names.
    registration: [...ALIASES.keys(), 'orig_h', 'resp_h', 'orig_p', 'resp_p'],
    onEvent: fixup,
  };
}
