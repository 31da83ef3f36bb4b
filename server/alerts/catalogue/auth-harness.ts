// The authentication family's harness: MozDef's test events built in layers as its alert tests build
// them, each case checked through the same compileRule/RuleState the alert engine uses and, with a
// table of stored events, against SQL (the rule's query selects exactly what the matcher accepts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { compileToSql } from '../../store/query/index.ts';
import { BUILTIN_CODE_RULES_DIR, CodeRuleModules, type LoadedCodeRule } from '../code-rules/code-rule-modules.ts';
import { compileRule } from '../compiled-rule.ts';
import { durationMs } from '../rule-definition.ts';
import { RuleState, type Firing } from '../rule-state.ts';
import { renderSummary } from '../summary-template.ts';
import { enrich } from './catalogue-harness.ts';
import { CATALOGUE } from './index.ts';

const modules = new Map<string, LoadedCodeRule>();
/** Loads the modules of the catalogue's code rules (from the product's builtin directory); call in beforeAll. */
export async function loadCodeRules(): Promise<void> {
  const loader = new CodeRuleModules(BUILTIN_CODE_RULES_DIR);
  for (const { rule } of CATALOGUE) if (rule.type === 'code') modules.set(rule.module, await loader.load(rule.module));
}

/** An alert as its rule raises it: what teams filter and route on. */
export interface RaisedAlert {
  summary: string;
  severity: string;
  category: string;
  tags: string[];
  events: PicketEvent[];
  details?: Record<string, unknown>;
}

/** Offer events to one catalogue rule in order (suppression aside); the firings, summaries and alerts. */
export function run(key: string, events: PicketEvent[]): { firings: Firing[]; summaries: string[]; alerts: RaisedAlert[] } {
  const entry = CATALOGUE.find((c) => c.key === key);
  if (!entry) throw new Error(`no catalogue rule ${key}`);
  const def = entry.rule;
  const module = def.type === 'code' ? modules.get(def.module) : undefined;
  if (def.type === 'code' && !module) throw new Error(`code rule ${key}: call loadCodeRules() first`);
  const rule = compileRule('r', 1, def, [], module);
  const state = new RuleState(rule);
  const firings: Firing[] = [];
  for (const e of events) {
    if (!rule.accepts(e)) continue;
    const f = state.offer(e, Date.parse(e.utctimestamp));
    if (f) firings.push(f);
  }
  const alerts = firings.map((f) => ({
    summary: f.summary ?? renderSummary(def.summary, { events: f.events, ruleName: def.name, distinct: f.distinct }),
    severity: f.severity ?? def.severity,
    category: def.category,
    tags: def.tags,
    events: f.events,
    details: f.details,
  }));
  return { firings, summaries: alerts.map((a) => a.summary), alerts };
}


// ---- MozDef's alert test cases as tables ----

/** MozDef's test clock ("now" of every alert test). */
export const MOZDEF_NOW = Date.parse('2017-01-01T01:00:00Z');
type Layer = Record<string, unknown>;

function merge(target: Layer, layer: Layer): Layer {
  for (const [k, v] of Object.entries(layer)) {
    const t = target[k];
    if (t && typeof t === 'object' && !Array.isArray(t) && v && typeof v === 'object' && !Array.isArray(v)) merge(t as Layer, v as Layer);
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
export const mozdefEvents = (n: number, layers: Layer[], minutesAgo = 0): PicketEvent[] => Array.from({ length: n }, () => mozdefEvent(layers, minutesAgo));

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
 * The alerts a catalogue rule raises for the events, with its suppress period applied per group key
 * in event time (the engine applies it in wall-clock time as the events arrive).
 */
export function raised(key: string, events: PicketEvent[]): RaisedAlert[] {
  const entry = CATALOGUE.find((c) => c.key === key)!;
  const quietMs = entry.rule.suppress ? durationMs(entry.rule.suppress)! : 0;
  const { firings, alerts } = run(key, events);
  const quiet = new Map<string, number>();
  return alerts.filter((_, i) => {
    const f = firings[i];
    const until = quiet.get(f.groupKey);
    if (until !== undefined && f.at < until) return false;
    if (quietMs) quiet.set(f.groupKey, f.at + quietMs);
    return true;
  });
}

/**
 * One vitest case per MozDef test case: no alert for negatives; for positives, alerts that all look
 * as expected. With a database (setupEventsTable), also the SQL check of itAgreesWithSql.
 */
export function itRaises(key: string, cases: MozdefCase[], db?: () => TestDatabase): void {
  if (db) itAgreesWithSql(key, cases, db);
  it.each(cases.map((c) => [c.description, c] as const))(`${key}: %s`, (_, c) => {
    const alerts = raised(key, c.events).map(({ summary, severity, category, tags }) => ({ summary, severity, category, tags }));
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
    const entry = CATALOGUE.find((c) => c.key === key)!;
    const def = entry.rule;
    const rule = compileRule('r', 1, def, [], def.type === 'code' ? modules.get(def.module) : undefined);
    // Round-trip through JSON so the in-memory copy is exactly what the database stores.
    const events = cases.flatMap((c) => c.events).map((e) => JSON.parse(JSON.stringify(e)) as PicketEvent);
    const pool = db().pool;
    await pool.query('DELETE FROM events');
    for (const e of events) {
      await pool.query(
        `INSERT INTO events (id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid, severity, summary, tags, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12::jsonb)`,
        [e.id, e.utctimestamp, e.receivedtimestamp, e.category, e.source, e.hostname, e.processname, e.processid, e.severity, e.summary, e.tags, JSON.stringify(e.details)],
      );
    }
    const frag = compileToSql(rule.storeQuery);
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM events WHERE ${frag.sql}`, frag.params);
    const accepted = events.filter((e) => rule.accepts(e)).map((e) => e.id);
    expect(accepted.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id).sort()).toEqual(accepted.sort());
  });
}
