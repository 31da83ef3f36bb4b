// The SQL compiler and the in-memory matcher must select exactly the same events: both run over
// the same fixtures in a real Postgres, and a subset is also checked against hand-written answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import { compileToSql, matchEvent, parseQuery } from './index.ts';
import { CASES } from './equivalence-cases.ts';
import { buildFixtures, randomQueries } from './test-fixtures.ts';

const now = Date.now();
const fixtures = buildFixtures(now);
// Round-trip through JSON so the in-memory copy is exactly what the database stores.
const events: PicketEvent[] = [...fixtures.values()].map((e) => JSON.parse(JSON.stringify(e)) as PicketEvent);
const nameOf = new Map([...fixtures].map(([name, e]) => [e.id, name]));
const ALL = [...fixtures.keys()];

// Found by fuzzing, checked between SQL and memory here (the shared CASES also run on the search engines).
const SQL_MEMORY_CASES: Array<[string, string[]?]> = [
  // Dates outside Postgres's 0001–9999: the ISO text "+255479-…" was a SQL error, a 500.
  ['utctimestamp:>8000000000000000', []],
  ['utctimestamp:<8000000000000000 AND receivedtimestamp:[* TO 8000000000000000]', ALL],
  ['utctimestamp:>=0000-01-01 AND utctimestamp:{0000-01-01T00:00:00Z TO now+100000y]', ALL],
  ['utctimestamp:<=0000-12-31 OR utctimestamp:[now+9000y TO *]', []],
  // Class escapes mean the same in SQL as in memory whatever the database's ctype: under C.UTF-8
  // Postgres read \w as any letter, so /\w/ matched 東京, and \s missed U+00A0.
  ['details.city:/\\w+/ OR details.city:/[\\w]+/', []],
  ['details.city:/\\W+/ AND details.city:/[\\W]+/ AND details.city:/[x\\W]+/', ['unicode']],
  ['details.name:/Zo\\w/ OR details.name:/Zo[^\\W]/', []],
  ['details.spaced:/a\\sb/ AND details.spaced:/a[\\s]b/ AND NOT details.spaced:/a\\Sb/', ['spaces']],
  ['details.num:/\\d+/ OR details.num:/[\\d]+/', []],
  // \\S inside a bracket: RE2's own \\S is ASCII-only; both back ends now spell it out the same way.
  ['details.spaced:/a[\\S]b/ OR details.spaced:/a[x\\S]b/', []],
];

describe('SQL compiler and in-memory matcher agree on Postgres', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query('CREATE TABLE events_test PARTITION OF events DEFAULT');
    for (const e of events) {
      await db.pool.query(
        `INSERT INTO events (id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid,
           severity, summary, tags, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12::jsonb)`,
        [
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
        ],
      );
    }
  });
  afterAll(() => db?.drop());

  const sqlNames = async (q: string, offset = 0, prefix = '', extra: unknown[] = []) => {
    const frag = compileToSql(parseQuery(q), offset);
    const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM events WHERE ${prefix}${frag.sql}`, [
      ...extra,
      ...frag.params,
    ]);
    return rows.map((r) => nameOf.get(r.id)!).sort();
  };
  const memoryNames = (q: string) => {
    const node = parseQuery(q);
    return events
      .filter((e) => matchEvent(node, e))
      .map((e) => nameOf.get(e.id)!)
      .sort();
  };

  it.each([...CASES, ...SQL_MEMORY_CASES])('%s', async (q, expected) => {
    const fromSql = await sqlNames(q);
    expect(memoryNames(q), 'in-memory vs SQL').toEqual(fromSql);
    if (expected) expect(fromSql, 'SQL vs expected').toEqual([...expected].sort());
  });

  it('agree on 400 generated queries', async () => {
    let checked = 0;
    for (const q of randomQueries(400, 42)) {
      let node: ReturnType<typeof parseQuery>;
      try {
        node = parseQuery(q);
      } catch {
        continue; // syntax errors are covered by the parser tests
      }
      const frag = compileToSql(node);
      const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM events WHERE ${frag.sql}`, frag.params);
      const fromSql = rows.map((r) => nameOf.get(r.id)!).sort();
      const inMemory = events
        .filter((e) => matchEvent(node, e))
        .map((e) => nameOf.get(e.id)!)
        .sort();
      expect(inMemory, q).toEqual(fromSql);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('numbers placeholders after paramOffset', async () => {
    const names = await sqlNames('details.sourceport:22 AND NOT tags:bruteforce', 1, 'id <> $1 AND ', [
      fixtures.get('keywordNums')!.id,
    ]);
    expect(names).toEqual(['sshFail2']);
  });

  it('counts whole-day date terms like Elasticsearch (2026-11-20 is the whole day)', async () => {
    expect(await sqlNames('utctimestamp:2026-11-20')).toHaveLength(21);
  });

  it('left the events table intact after the injection attempts', async () => {
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
    expect(rows[0].n).toBe(events.length);
  });

  const plan = async (q: string) => {
    const client = await db.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const frag = compileToSql(parseQuery(q));
      const { rows } = await client.query(`EXPLAIN SELECT id FROM events WHERE ${frag.sql}`, frag.params);
      return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  };

  it('uses the GIN jsonb_path_ops index for details terms', async () => {
    expect(await plan('details.sourceipaddress:1.2.3.4')).toMatch(/Index Scan on events_test_details_idx/);
  });

  it('uses the btree index for category and hostname terms', async () => {
    expect(await plan('category:authentication')).toMatch(
      /Index (Only )?Scan (using|on) events_test_category_utctimestamp_idx/,
    );
    expect(await plan('hostname:web-01')).toMatch(
      /Index (Only )?Scan (using|on) events_test_hostname_utctimestamp_idx/,
    );
  });

  it('uses the GIN index for tags and the btree for time ranges', async () => {
    expect(await plan('tags:sshd')).toMatch(/Index Scan on events_test_tags_idx/);
    expect(await plan('utctimestamp:>now-1h')).toMatch(/Index (Only )?Scan (using|on) events_test_utctimestamp_idx/);
  });
});
