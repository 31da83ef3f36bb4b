// Fuzzing the two back ends against each other on a real Postgres: for generated events (details
// with hostile and odd keys, quotes, backslashes, unicode, numbers as strings, arrays) and generated
// queries (every leaf kind on every field kind, NOT/AND/OR nesting), the SQL compiler and the
// in-memory matcher select exactly the same events. equivalence.test.ts holds the hand-picked cases.
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, prototypeChanges } from '../../../test/fuzz-config.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { compileToSql, formatQuery, matchEvent, parseQuery } from './index.ts';
import type { QueryNode } from './ast.ts';
import { eventArb, printQuery, queryArb } from './fuzz-arbitraries.ts';

const NOW = Date.now();
const idOf = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const POOL: PicketEvent[] = fc.sample(eventArb(NOW), { seed: 11, numRuns: 120 }).map((e, i) => ({ ...e, id: idOf(i) }));

const INSERT = `INSERT INTO events (id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid,
  severity, summary, tags, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12::jsonb)`;
const row = (e: PicketEvent) => [
  e.id,
  e.utctimestamp,
  e.receivedtimestamp,
  e.category,
  e.source,
  e.hostname,
  e.processname,
  e.processid,
  e.severity,
  e.summary,
  e.tags,
  JSON.stringify(e.details),
];

async function sqlIds(client: pg.Pool | pg.PoolClient, node: QueryNode, scope?: string[]): Promise<string[]> {
  const frag = compileToSql(node, scope ? 1 : 0);
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM events WHERE ${scope ? 'id = ANY($1::uuid[]) AND ' : ''}${frag.sql} ORDER BY id`,
    scope ? [scope, ...frag.params] : frag.params,
  );
  return rows.map((r) => r.id);
}

const memoryIds = (node: QueryNode, events: PicketEvent[]) =>
  events
    .filter((e) => matchEvent(node, e))
    .map((e) => e.id)
    .sort();

describe('SQL compiler and in-memory matcher agree on generated events and queries', {
  timeout: fuzzTimeout(12_000),
}, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query('CREATE TABLE events_fuzz PARTITION OF events DEFAULT');
    for (const e of POOL) await db.pool.query(INSERT, row(e));
  });
  afterAll(() => db?.drop());

  it('the stored pool reads back exactly as generated (hostile keys survive as plain keys)', async () => {
    const { rows } = await db.pool.query<{ id: string; details: unknown }>(
      'SELECT id, details FROM events ORDER BY id',
    );
    expect(rows.map((r) => r.details)).toEqual(POOL.map((e) => e.details));
  });

  it('same verdict for every generated query over the generated pool', async () => {
    let hits = 0;
    await fc.assert(
      fc.asyncProperty(queryArb, fc.nat(5), async (generated, style) => {
        // Through the text form: what a user types is what gets compiled.
        const text = printQuery(generated, style);
        const node = parseQuery(text);
        const fromSql = await sqlIds(db.pool, node);
        expect(memoryIds(node, POOL), `${text}\n${formatQuery(node)}`).toEqual(fromSql);
        if (fromSql.length > 0 && fromSql.length < POOL.length) hits++;
      }),
      fuzzParams(600, 12_000),
    );
    // The generators must produce selective queries, not only all-or-nothing ones.
    expect(hits).toBeGreaterThan(10);
    expect(prototypeChanges()).toEqual([]);
  });

  it('same verdict when events and query are generated together', async () => {
    const client = await db.pool.connect();
    let n = 1_000_000;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(eventArb(NOW), { minLength: 1, maxLength: 4 }), queryArb, async (generated, q) => {
          const events = generated.map((e) => ({ ...e, id: idOf(n++) }));
          const text = printQuery(q);
          const node = parseQuery(text);
          await client.query('BEGIN');
          try {
            for (const e of events) await client.query(INSERT, row(e));
            const fromSql = await sqlIds(
              client,
              node,
              events.map((e) => e.id),
            );
            expect(memoryIds(node, events), `${text}\n${JSON.stringify(events)}`).toEqual(fromSql);
          } finally {
            await client.query('ROLLBACK');
          }
        }),
        fuzzParams(250, 10_000),
      );
    } finally {
      client.release();
    }
  });
});
