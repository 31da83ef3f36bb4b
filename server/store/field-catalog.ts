// The field catalog (autocomplete, the explorer's field list) computed from a sample of events'
// details objects; every store supplies the sample its own cheap way.
import type { FieldCatalog, FieldStat, FieldType } from './explorer-store.ts';

/** Deeper paths are rare and only cost time (attackers can nest thousands of levels). */
const MAX_PATH_DEPTH = 6;
const MAX_PATHS = 2000;
const MAX_PATH_LENGTH = 300;

interface PathNode {
  children: Map<string, PathNode>;
  /** Sampled events with this path. */
  n: number;
  types: Map<FieldType, number>;
  queryable: boolean;
}

function jsonType(v: unknown): FieldType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'object' ? 'object' : t === 'number' ? 'number' : t === 'boolean' ? 'boolean' : 'string';
}

const COLUMNS: Array<{ name: string; type: FieldType }> = [
  { name: 'utctimestamp', type: 'date' },
  { name: 'receivedtimestamp', type: 'date' },
  { name: 'category', type: 'keyword' },
  { name: 'source', type: 'keyword' },
  { name: 'hostname', type: 'keyword' },
  { name: 'processname', type: 'keyword' },
  { name: 'processid', type: 'keyword' },
  { name: 'severity', type: 'keyword' },
  { name: 'summary', type: 'text' },
  { name: 'tags', type: 'array' },
  { name: 'id', type: 'keyword' },
];

// A key the query language can name as one path segment (FIELD_NAME_RE without the dot).
const SEGMENT_RE = /^[A-Za-z0-9_@-]+$/;

/** Field statistics of the sampled `details` objects, after the fixed columns. */
export function buildFieldCatalog(rows: unknown[], started: Date): FieldCatalog {
  const sampled = rows.length;
  // A trie of keys: path strings are built once per distinct path, not once per event.
  const root: PathNode = { children: new Map(), n: 0, types: new Map(), queryable: true };
  let nodes = 0;
  const walk = (obj: Record<string, unknown>, parent: PathNode, depth: number, pathLength: number) => {
    for (const key of Object.keys(obj)) {
      let node = parent.children.get(key);
      if (!node) {
        // A flood of distinct or huge keys (attacker, bad shipper) stops growing the catalog here.
        if (nodes >= MAX_PATHS || pathLength + key.length > MAX_PATH_LENGTH) continue;
        nodes++;
        // `queryable`: every key on the way can be typed as one path segment (a key "a.b" cannot).
        node = { children: new Map(), n: 0, types: new Map(), queryable: parent.queryable && SEGMENT_RE.test(key) };
        parent.children.set(key, node);
      }
      const v = obj[key];
      const type = jsonType(v);
      node.n++;
      node.types.set(type, (node.types.get(type) ?? 0) + 1);
      if (type === 'object' && depth < MAX_PATH_DEPTH)
        walk(v as Record<string, unknown>, node, depth + 1, pathLength + key.length + 1);
    }
  };
  for (const d of rows) if (jsonType(d) === 'object') walk(d as Record<string, unknown>, root, 1, 0);
  const details: FieldStat[] = [];
  const collect = (node: PathNode, prefix: string) => {
    for (const [key, child] of node.children) {
      const path = prefix ? `${prefix}.${key}` : key;
      const types = [...child.types].sort((a, b) => b[1] - a[1]).map(([t]) => t);
      details.push({
        name: `details.${path}`,
        type: types[0],
        types,
        frequency: sampled ? Math.min(1, child.n / sampled) : 0,
        queryable: child.queryable,
      });
      collect(child, path);
    }
  };
  collect(root, '');
  details.sort((a, b) => b.frequency - a.frequency || a.name.localeCompare(b.name));
  const columns: FieldStat[] = COLUMNS.map((c) => ({
    name: c.name,
    type: c.type,
    types: [c.type],
    frequency: 1,
    queryable: true,
  }));
  return { fields: [...columns, ...details], sampled, computedAt: started.toISOString() };
}
