// The authentication family's harness: MozDef's test events built in layers as its alert tests build
// them, each case checked through the catalogue harness's raised() (the engine's compileRule/RuleState)
// and, with a table of stored events, against SQL (the rule's query selects exactly what the matcher accepts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { compileToSql } from '../../store/query/index.ts';
import { compiledRule, enrich, raised } from './catalogue-harness.ts';

// ---- MozDef's alert test cases as tables ----

/** MozDef's test clock ("now" of every alert test). */
export const MOZDEF_NOW = Date.parse('2017-01-01T01:00:00Z');
type Layer = Record<string, unknown>;

function merge(target: Layer, layer: Layer): Layer {
  for (const [k, v] of Object.entries(layer)) {
    const t = target[k];
    if (t && typeof t === 'object' && !Array.isArray(t) && v && typeof v === 'object' && !Array.isArray(v))
      merge(t as Layer, v as Layer);
    else target[k] = structuredClone(v);
  }
  return target;
}

let m = 0;
/**
 * An event as MozDef's alert tests build it: their default event (excategory, exhostname, a source
 * address in details, ...) with the layers merged on top as their dict_merge does (nested objects
 * merged, anything else replaced), `minutesAgo` before MOZDEF_NOW, then Picket's enrichment.
 */
export function mozdefEvent(layers: Layer[], minutesAgo = 0): PicketEvent {
  m++;
  const at = new Date(MOZDEF_NOW - minutesAgo * 60_000).toISOString();
  const base: Layer = {
    id: `00000000-0000-4000-9000-${m.toString(16).padStart(12, '0')}`,
    utctimestamp: at,
    receivedtimestamp: at,
    category: 'excategory',
    source: 'exsource',
    hostname: 'exhostname',
    processname: 'UNKNOWN',
    processid: 'UNKNOWN',
    severity: 'NOTICE',
    summary: 'Example summary',
    tags: ['tag1', 'tag2'],
    details: { sourceipaddress: `198.51.100.${(m % 250) + 1}`, hostname: 'exhostname' },
  };
  for (const l of layers) merge(base, l);
  return enrich([base as unknown as PicketEvent])[0];
}

/** n copies of one MozDef test event (distinct ids). */
export const mozdefEvents = (n: number, layers: Layer[], minutesAgo = 0): PicketEvent[] =>
  Array.from({ length: n }, () => mozdefEvent(layers, minutesAgo));

export interface ExpectedAlert {
  summary: string;
  severity: string;
  category: string;
  tags: string[];
}

export interface MozdefCase {
  description: string;
  events: PicketEvent[];
  /** Every alert raised must look like this; null: no alert. */
  expected: ExpectedAlert | null;
}

/**
 * One vitest case per MozDef test case: no alert for negatives; for positives, alerts that all look
 * as expected. With a database (setupEventsTable), also the SQL check of itAgreesWithSql.
 */
export function itRaises(key: string, cases: MozdefCase[], db?: () => TestDatabase): void {
  if (db) itAgreesWithSql(key, cases, db);
  it.each(cases.map((c) => [c.description, c] as const))(`${key}: %s`, async (_, c) => {
    const alerts = (await raised(key, c.events)).map(({ summary, severity, category, tags }) => ({
      summary,
      severity,
      category,
      tags,
    }));
    if (c.expected === null) expect(alerts).toEqual([]);
    else {
      expect(alerts.length).toBeGreaterThan(0);
      for (const a of alerts) expect(a).toEqual(c.expected);
    }
  });
}

/** A test database with a catch-all events partition, for the cases' SQL check; call at file level. */
export function setupEventsTable(): () => TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query('CREATE TABLE events_test PARTITION OF events DEFAULT');
  });
  afterAll(() => db?.drop());
  return () => db!;
}

/**
 * The rule's store query (what restarts and back-tests read back) selects in SQL exactly the events
 * of the cases its in-memory matcher accepts.
 */
export function itAgreesWithSql(key: string, cases: MozdefCase[], db: () => TestDatabase): void {
  it(`${key}: SQL selects what the matcher accepts`, async () => {
    const rule = await compiledRule(key);
    // Round-trip through JSON so the in-memory copy is exactly what the database stores.
    const events = cases.flatMap((c) => c.events).map((e) => JSON.parse(JSON.stringify(e)) as PicketEvent);
    const pool = db().pool;
    await pool.query('DELETE FROM events');
    for (const e of events) {
      await pool.query(
        `INSERT INTO events (id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid, severity, summary, tags, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12::jsonb)`,
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
    const frag = compileToSql(rule.storeQuery);
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM events WHERE ${frag.sql}`, frag.params);
    const accepted = events.filter((e) => rule.accepts(e)).map((e) => e.id);
    expect(accepted.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id).sort()).toEqual(accepted.sort());
  });
}
