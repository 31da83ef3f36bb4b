// CIDR terms: an unquoted `details.x:10.0.0.0/8` (or an IPv6 prefix) matches addresses inside the
// network, as Elasticsearch does on ip fields, and still matches the literal text too. Both back ends
// only consider leaves written as a bare address (no spaces, zone ids or masks), so they agree:
// the SQL side pre-filters with the same shapes before casting (see picket_try_inet in 0006).
import { parseCidrList, parseIp, parseV4 } from '../../net/ip.ts';

export interface CidrTerm {
  /** The address part as typed (validated), and the prefix length. */
  addr: string;
  prefix: number;
  version: 4 | 6;
  contains(ip: string): boolean;
}

/** A strict dotted quad (no leading zeros), as parseIp accepts. Postgres would also accept 010.0.0.1. */
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
export const V4_SQL_RE = `^${OCTET}([.]${OCTET}){3}$`;
/** IPv6 leaves: hex and colons only (embedded IPv4 forms are left out), with at least one colon. */
export const V6_SQL_RE = '^[0-9A-Fa-f:]*:[0-9A-Fa-f:]*$';
const V6_RE = new RegExp(V6_SQL_RE);

// The last leaf parsed, for every IPv4 term: rules meet one event after another, so the many CIDR
// terms of a rule set (exceptions, watch ranges) mostly ask about the same address in a row.
let lastLeaf = '';
let lastV4 = -1;

function v4Of(leaf: string): number {
  if (leaf !== lastLeaf) {
    lastLeaf = leaf;
    lastV4 = parseV4(leaf);
  }
  return lastV4;
}

/** The CIDR a term value denotes, or null when it is just text. IPv4-mapped prefixes are left as text. */
export function cidrTerm(value: string): CidrTerm | null {
  const slash = value.indexOf('/');
  if (slash <= 0) return null;
  const addr = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const ip = parseIp(addr);
  if (ip === null || addr !== addr.trim()) return null;
  const v6 = addr.includes(':');
  if (ip.version === 4 && v6) return null; // ::ffff:a.b.c.d/n: Postgres and parseCidrList disagree on these
  if (prefix > (v6 ? 128 : 32)) return null;
  const list = parseCidrList([value]);
  if (v6) {
    // The shape test keeps IPv4-mapped and padded leaves out, matching what the SQL side casts.
    return { addr, prefix, version: 6, contains: (leaf: string) => V6_RE.test(leaf) && list.contains(leaf) };
  }
  // IPv4 is the hot case in rules (exceptions on source addresses): one pass over the characters.
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (parseV4(addr) & mask) >>> 0;
  return {
    addr,
    prefix,
    version: 4,
    contains: (leaf: string) => {
      const v = v4Of(leaf);
      return v >= 0 && (v & mask) >>> 0 === net;
    },
  };
}
