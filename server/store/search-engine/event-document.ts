// How an event is laid out in the search engine. The event itself is kept as it came (`_source`;
// `details` is stored but not mapped, so no shipper's field can cause a mapping conflict or an
// explosion of fields). Beside it go derived fields, computed here in JavaScript with the same
// helpers the in-memory matcher uses, so the engine answers queries with the same semantics:
//   x.sev    severity upper-cased (severity compares case-insensitively)
//   x.num.*  the numeric value of a column or tag that is a plain decimal (numeric ranges)
//   x.paths  every details path holding a non-null value (_exists_)
//   x.leaf   one nested document per details scalar (or scalar array element): path, text,
//            number, JSON type and address, so "any value of this field satisfies ..." is one
//            nested query whatever the event's shape.
import type { PicketEvent } from '../../ingest/event.ts';
import { parseIp, parseV4 } from '../../net/ip.ts';
import { V6_SQL_RE } from '../query/cidr.ts';
import { numericValue, scalarText } from '../query/values.ts';

export const NUMERIC_COLUMNS = [
  'category',
  'source',
  'hostname',
  'processname',
  'processid',
  'severity',
  'summary',
] as const;
/** A key the query language can name as one path segment; others cannot be queried, so they are not indexed. */
const SEGMENT_RE = /^[A-Za-z0-9_@-]+$/;
const V6_RE = new RegExp(V6_SQL_RE);
/** Bounds on what one event may add to the index; beyond them the rest is kept in _source only. */
export const MAX_LEAVES = 2000;
const MAX_DEPTH = 32;

export type LeafKind = 'string' | 'number' | 'boolean';

export interface Leaf {
  p: string;
  s?: string;
  n?: number;
  k: LeafKind;
  ip4?: string;
  ip6?: string;
}

export interface EventDocument extends PicketEvent {
  x: {
    sev: string;
    num: Record<string, number | number[]>;
    paths: string[];
    leaf: Leaf[];
  };
}

function leafOf(path: string, v: unknown): Leaf | null {
  const s = scalarText(v);
  if (s === undefined) return null;
  const leaf: Leaf = { p: path, s, k: typeof v as LeafKind };
  const n = numericValue(v);
  if (n !== undefined) leaf.n = n;
  if (typeof v === 'string') {
    if (parseV4(v) >= 0) leaf.ip4 = v;
    else if (V6_RE.test(v) && parseIp(v)?.version === 6) leaf.ip6 = v;
  }
  return leaf;
}

function flatten(details: unknown): { paths: string[]; leaves: Leaf[] } {
  const paths: string[] = [];
  const leaves: Leaf[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string, depth: number) => {
    for (const key of Object.keys(obj)) {
      if (!SEGMENT_RE.test(key)) continue;
      const v = obj[key];
      if (v === null || v === undefined) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      paths.push(path);
      if (Array.isArray(v)) {
        for (const el of v) {
          if (leaves.length >= MAX_LEAVES) break;
          const leaf = leafOf(path, el);
          if (leaf) leaves.push(leaf);
        }
      } else if (typeof v === 'object') {
        if (depth < MAX_DEPTH) walk(v as Record<string, unknown>, path, depth + 1);
      } else if (leaves.length < MAX_LEAVES) {
        const leaf = leafOf(path, v);
        if (leaf) leaves.push(leaf);
      }
    }
  };
  if (typeof details === 'object' && details !== null && !Array.isArray(details))
    walk(details as Record<string, unknown>, '', 1);
  return { paths, leaves };
}

export function toDocument(e: PicketEvent): EventDocument {
  const num: Record<string, number | number[]> = {};
  for (const col of NUMERIC_COLUMNS) {
    const n = numericValue(e[col]);
    if (n !== undefined) num[col] = n;
  }
  const tagNums = (e.tags ?? []).map(numericValue).filter((n): n is number => n !== undefined);
  if (tagNums.length) num.tags = tagNums;
  const { paths, leaves } = flatten(e.details);
  return { ...e, x: { sev: String(e.severity ?? '').toUpperCase(), num, paths, leaf: leaves } };
}

/** The event as served: the stored source without the derived fields. */
export function fromSource(source: Record<string, unknown>): PicketEvent {
  const { x: _derived, ...event } = source;
  return event as unknown as PicketEvent;
}
