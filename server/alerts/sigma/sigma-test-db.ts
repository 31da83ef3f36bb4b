// Test helper: a throw-away Postgres holding given events, to run a compiled Sigma query as SQL next
// to the in-memory matcher (both must select the same events).
import type { PicketEvent } from '../../ingest/event.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import type { QueryNode } from '../../store/query/ast.ts';
import { compileMatcher, compileToSql } from '../../store/query/index.ts';

export interface EventsDatabase {
  db: TestDatabase;
  /** Ids the query selects, in SQL and in memory. */
  select(query: QueryNode): Promise<{ sql: string[]; memory: string[] }>;
}

export async function eventsDatabase(events: PicketEvent[]): Promise<EventsDatabase> {
  const db = await createTestDatabase();
  await db.pool.query('CREATE TABLE events_test PARTITION OF events DEFAULT');
  // One statement per 200 events: the rows travel as one JSON parameter.
  for (let i = 0; i < events.length; i += 200) {
    await db.pool.query(
      `INSERT INTO events (id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid, severity, summary, tags, details)
       SELECT id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid, severity, summary, tags, details
       FROM jsonb_populate_recordset(NULL::events, $1::jsonb)`,
      [JSON.stringify(events.slice(i, i + 200))],
    );
  }
  // What the database stores is what the in-memory side sees.
  const stored = events.map((e) => JSON.parse(JSON.stringify(e)) as PicketEvent);
  return {
    db,
    async select(query) {
      const frag = compileToSql(query);
      const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM events WHERE ${frag.sql}`, frag.params);
      const m = compileMatcher(query);
      return {
        sql: rows.map((r) => r.id).sort(),
        memory: stored
          .filter(m)
          .map((e) => e.id)
          .sort(),
      };
    },
  };
}

/** A stored-looking event with defaults for every column. */
export function testEvent(i: number, fields: Partial<PicketEvent>): PicketEvent {
  const ts = new Date(Date.parse('2026-11-20T00:00:00Z') + i * 1000).toISOString();
  return JSON.parse(
    JSON.stringify({
      id: `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`,
      utctimestamp: ts,
      receivedtimestamp: ts,
      category: 'event',
      source: 'test',
      hostname: 'h',
      processname: 'p',
      processid: '1',
      severity: 'INFO',
      summary: '',
      tags: [],
      details: {},
      ...fields,
    }),
  ) as PicketEvent;
}
