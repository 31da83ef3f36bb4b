// Soundness of accepted SigmaHQ rules: their own test data is not public, so events are generated
// from each sampled rule's values (exact, case-flipped, padded, split by a newline, as numbers, in
// arrays, at flat or nested paths) and every sampled rule must select the same events in Postgres
// (the SQL of window rebuilds and back-tests) as in memory (the stream). Skipped without the corpus.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../server/ingest/event.ts';
import { writeOwnPath } from '../server/ingest/own-path.ts';
import { compileRule } from '../server/alerts/compiled-rule.ts';
import { parseRuleDefinition } from '../server/alerts/rule-definition.ts';
import { eventsDatabase, testEvent, type EventsDatabase } from '../server/alerts/sigma/sigma-test-db.ts';
import type { QueryNode } from '../server/store/query/ast.ts';
import { fieldInfo } from '../server/store/query/fields.ts';
import { FUZZ_SEED } from './fuzz-config.ts';
import { findSigmaHq, walkCorpus } from './sigmahq-corpus.ts';

const root = findSigmaHq();
// Every accepted rule is checked (about 300 today); the cap keeps a grown corpus fast.
const SAMPLE = 400;
const EVENTS = 1500;

interface Leaf {
  field: string;
  values: string[];
}

/** Field → the literal texts the query compares it with (wildcard literals, terms, regex words). */
function leaves(node: QueryNode, out: Leaf[] = []): Leaf[] {
  switch (node.type) {
    case 'and':
    case 'or':
      for (const c of node.children) leaves(c, out);
      break;
    case 'not':
      leaves(node.child, out);
      break;
    case 'term':
    case 'phrase':
      out.push({ field: node.field ?? 'summary', values: [node.value] });
      break;
    case 'wildcard':
      out.push({
        field: node.field ?? 'summary',
        values: node.parts.flatMap((p) => (p.kind === 'literal' ? [p.text] : [])),
      });
      break;
    case 'regex':
      out.push({ field: node.field ?? 'summary', values: node.pattern.match(/[A-Za-z0-9_.:/-]{3,}/g) ?? [] });
      break;
    case 'range':
      out.push({
        field: node.field ?? 'summary',
        values: [node.lower?.value, node.upper?.value].filter((v): v is string => v !== undefined),
      });
      break;
    case 'exists':
      out.push({ field: node.field, values: ['x'] });
      break;
    case 'fieldRef':
      out.push({ field: node.field, values: ['same'] }, { field: node.other, values: ['SAME', 'same'] });
      break;
    default:
      break;
  }
  return out;
}

const variant = fc.constantFrom<(s: string) => unknown>(
  (s) => s,
  (s) => s.toUpperCase(),
  (s) => s.toLowerCase(),
  (s) => `pre ${s} post`,
  (s) => `${s}\n${s}`,
  (s) => `x\\${s}`,
  (s) => [s, 'other'],
  (s) => (/^-?\d+$/.test(s) ? Number(s) : s),
  (s) => s.slice(1),
  (s) => `${s}${s}`,
);

function place(e: PicketEvent, field: string, value: unknown): void {
  const info = fieldInfo(field);
  const text = Array.isArray(value) ? String(value[0]) : String(value);
  if (info.kind === 'keyword') e[info.column] = text;
  else if (info.kind === 'text') e.summary = text;
  else if (info.kind === 'tags') e.tags = [text];
  else if (info.kind === 'details') writeOwnPath(e.details, info.path, value);
  else if (info.kind === 'any') e.details.message = value;
}

describe.skipIf(!root)('accepted SigmaHQ rules: SQL and memory agree on generated events', () => {
  const queries: Array<{ file: string; query: QueryNode }> = [];
  let store: EventsDatabase;

  beforeAll(async () => {
    const accepted = walkCorpus(root!).filter((r) => r.ok);
    const step = Math.max(1, Math.floor(accepted.length / SAMPLE));
    for (let i = 0; i < accepted.length && queries.length < SAMPLE; i += step) {
      const text = readFileSync(path.join(root!, accepted[i].file), 'utf8');
      const def = parseRuleDefinition({ type: 'sigma', yaml: text });
      if (def.ok)
        queries.push({
          file: accepted[i].file,
          query: compileRule('00000000-0000-4000-8000-000000000000', 1, def.rule).storeQuery,
        });
    }
    const pools = queries.map((q) => leaves(q.query).filter((l) => l.values.length > 0));
    // Per leaf of the chosen rule: whether to set it (mostly), which of its values, which variant.
    const eventArb = fc.tuple(
      fc.nat(pools.length - 1),
      fc.array(fc.tuple(fc.nat(9), fc.nat(), variant), { minLength: 40, maxLength: 40 }),
    );
    const drawn = fc.sample(eventArb, { numRuns: EVENTS, seed: FUZZ_SEED });
    const events = drawn.map(([rule, picks], i) => {
      const e = testEvent(i, {
        category: ['execve', 'cloudtrail', 'bro', 'syslog', 'proxy'][i % 5],
        source: ['auditd', 'conn', 'dns', 'smb_files', 'cloudtrail'][i % 5],
      });
      const pool = pools[rule];
      pool.forEach((leaf, li) => {
        const [skip, vi, f] = picks[li % picks.length];
        if (skip < 2) return;
        place(e, leaf.field, f(leaf.values[vi % leaf.values.length]));
      });
      return JSON.parse(JSON.stringify(e)) as PicketEvent;
    });
    store = await eventsDatabase(events);
  });
  afterAll(() => store?.db.drop());

  it('accepted rules select the same events both ways, and the events exercise them', async () => {
    let matchedSomething = 0;
    for (const q of queries) {
      const got = await store.select(q.query);
      expect(got.memory, q.file).toEqual(got.sql);
      if (got.sql.length > 0) matchedSomething++;
    }
    console.log(
      `${matchedSomething} of ${queries.length} accepted rules fired on some of ${EVENTS} generated events; SQL and memory agreed on all`,
    );
    expect(queries.length).toBeGreaterThan(100);
    // Not vacuous: a good share of the sampled rules fire on some generated event.
    expect(matchedSomething).toBeGreaterThan(queries.length / 4);
  });
});
