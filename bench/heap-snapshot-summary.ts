// `node --max-old-space-size=16000 bin/run-ts.mjs bench/heap-snapshot-summary.ts FILE.heapsnapshot [--top N]`
// Sums a V8 heap snapshot (what `npm run bench -- --heap-snapshots DIR` lets the server write on
// SIGUSR2) without DevTools: self size and count by node type and name, then by holder, i.e. which
// kind of object points at which kind through which property. The soak's snapshot read this way
// showed rope strings (event ids built with +) and per-window id sets as the largest items.
// Snapshots of a multi-GB heap are larger than a JS string may be, so the file is scanned as bytes.
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: heap-snapshot-summary.ts FILE.heapsnapshot [--top N]\n');
  process.exit(2);
}
const TOP = Number(values.top ?? 30);
const buf = fs.readFileSync(file);

/** The unsigned integers of the JSON array starting at `from`, up to its closing bracket. */
function numbers(from: number): { values: Float64Array; end: number } {
  let out = new Float64Array(1 << 22);
  let len = 0;
  let n = 0;
  let inNumber = false;
  let i = from;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      inNumber = true;
      continue;
    }
    if (inNumber) {
      if (len === out.length) {
        const grown = new Float64Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      out[len++] = n;
      n = 0;
      inNumber = false;
    }
    if (c === 93) break; // ]
  }
  return { values: out.subarray(0, len), end: i };
}

const nodesAt = buf.indexOf('"nodes":[');
const meta = JSON.parse(`${buf.subarray(buf.indexOf('{'), nodesAt).toString().replace(/,\s*$/, '')}}`).snapshot.meta;
const nodes = numbers(nodesAt + 9);
const edges = numbers(buf.indexOf('"edges":[', nodes.end) + 9);
const stringsAt = buf.indexOf('"strings":[', edges.end) + 10;
const strings: string[] = JSON.parse(buf.subarray(stringsAt, buf.lastIndexOf(']') + 1).toString());

const nodeTypes: string[] = meta.node_types[0];
const edgeTypes: string[] = meta.edge_types[0];
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const [TYPE, NAME, SIZE, EDGES] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
const [E_TYPE, E_NAME, E_TO] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
const N = nodes.values.length / NF;
const node = nodes.values;
const edge = edges.values;

/** Strings are grouped as one kind: their text is data, not a class. */
function kind(k: number): string {
  const type = nodeTypes[node[k * NF + TYPE]];
  if (type.includes('string')) return type;
  return `${type} ${strings[node[k * NF + NAME]].slice(0, 40)}`;
}

function add(sums: Map<string, [number, number]>, key: string, size: number): void {
  const s = sums.get(key);
  if (s) {
    s[0] += size;
    s[1]++;
  } else sums.set(key, [size, 1]);
}

function print(title: string, sums: Map<string, [number, number]>): void {
  console.log(`\n${title}`);
  for (const [key, [size, count]] of [...sums].sort((a, b) => b[1][0] - a[1][0]).slice(0, TOP))
    console.log(`${(size / 1e6).toFixed(1).padStart(9)} MB ${String(count).padStart(10)}  ${key}`);
}

const byKind = new Map<string, [number, number]>();
const byHolder = new Map<string, [number, number]>();
let total = 0;
let e = 0;
for (let k = 0; k < N; k++) {
  const size = node[k * NF + SIZE];
  total += size;
  add(byKind, kind(k), size);
  const holder = kind(k);
  for (let j = node[k * NF + EDGES]; j > 0; j--, e += EF) {
    const type = edgeTypes[edge[e + E_TYPE]];
    if (type === 'weak' || type === 'shortcut') continue;
    const to = edge[e + E_TO] / NF;
    const via = type === 'element' || type === 'hidden' ? `[${type}]` : strings[edge[e + E_NAME]];
    if (via === 'map' || via === '__proto__') continue; // every object's shape and prototype: noise here
    add(byHolder, `${kind(to)}  <-${via}-  ${holder}`, node[to * NF + SIZE]);
  }
}
console.log(`${N} nodes, ${edge.length / EF} edges, ${(total / 1e6).toFixed(1)} MB self size`);
print('by kind (self size, count)', byKind);
print("by holder (the child's self size, references)", byHolder);
