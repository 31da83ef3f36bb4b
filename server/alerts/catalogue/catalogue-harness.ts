// Runs catalogue rules over events shaped like MozDef's test events (after Picket's normalization and
// enrichment), through the same compileRule/RuleState the alert engine uses, so a family's test is a
// table of MozDef's positive and negative cases.
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../../workers/enrich.ts';
import { createDefaultPlugins, type WatchlistMatcher } from '../../workers/plugins/index.ts';
import { CodeRuleModules } from '../code-rules/code-rule-modules.ts';
import { compileRule } from '../compiled-rule.ts';
import { durationMs, type RuleDefinition } from '../rule-definition.ts';
import { RuleState, type Firing } from '../rule-state.ts';
import { renderSummary } from '../summary-template.ts';
import { CATALOGUE } from './index.ts';

let n = 0;
/** A MozDef-default event (UNKNOWN fields, one second after the previous one) with `e` on top. */
export function event(e: Partial<PicketEvent>): PicketEvent {
  n++;
  return {
    id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    utctimestamp: new Date(Date.parse('2026-11-20T10:00:00Z') + n * 1000).toISOString(),
    receivedtimestamp: new Date().toISOString(),
    category: 'UNKNOWN',
    source: 'UNKNOWN',
    hostname: 'host1',
    processname: 'UNKNOWN',
    processid: 'UNKNOWN',
    severity: 'INFO',
    summary: 'UNKNOWN',
    tags: [],
    details: {},
    ...e,
  };
}

/** `count` copies of an event (distinct ids, one second apart), as MozDef's create_events. */
export const events = (count: number, e: Partial<PicketEvent>): PicketEvent[] =>
  Array.from({ length: count }, () => event(structuredClone(e)));

function entryOf(key: string): { key: string; rule: RuleDefinition } {
  const entry = CATALOGUE.find((c) => c.key === key);
  if (!entry) throw new Error(`no catalogue rule ${key}`);
  return entry;
}

function feed(rule: ReturnType<typeof compileRule>, events: PicketEvent[]): Firing[] {
  const state = new RuleState(rule);
  const firings: Firing[] = [];
  for (const e of events) {
    if (!rule.accepts(e)) continue;
    const f = state.offer(e, Date.parse(e.utctimestamp));
    if (f) firings.push(f);
  }
  return firings;
}

/** Offer events to one catalogue rule in order; the firings and their rendered summaries (no quiet periods). */
export function run(key: string, events: PicketEvent[]): { firings: Firing[]; summaries: string[] } {
  const entry = entryOf(key);
  const firings = feed(compileRule('r', 1, entry.rule), events);
  return {
    firings,
    summaries: firings.map((f) =>
      renderSummary(entry.rule.summary, { events: f.events, ruleName: entry.rule.name, distinct: f.distinct }),
    ),
  };
}

/** An alert as the engine writes it, minus ids and times. */
export interface CatalogueAlert {
  summary: string;
  severity: string;
  category: string;
  tags: string[];
  eventCount: number;
}

// Shipped modules only: the directory given first does not exist, so every module comes from the catalogue.
const modules = new CodeRuleModules(path.join(os.tmpdir(), 'picket-catalogue-harness-no-operator-rules'));

/** A raised alert with what produced it: the events it carries and the details a code rule returned. */
export interface RaisedAlert extends CatalogueAlert {
  events: PicketEvent[];
  details?: Record<string, unknown>;
}

/**
 * The alerts a catalogue rule raises for the events, as the engine would: code modules loaded from
 * the shipped catalogue, `suppress` applied per group key (in event time, as back-tests do), the
 * severity a code rule returns over the rule's.
 */
export async function raised(key: string, events: PicketEvent[]): Promise<RaisedAlert[]> {
  const { rule } = entryOf(key);
  const compiled = await compiledRule(key);
  const quietMs = rule.suppress ? durationMs(rule.suppress)! : 0;
  const quiet = new Map<string, number>();
  const out: RaisedAlert[] = [];
  for (const f of feed(compiled, events)) {
    if ((quiet.get(f.groupKey) ?? -Infinity) > f.at) continue;
    if (quietMs > 0) quiet.set(f.groupKey, f.at + quietMs);
    out.push({
      summary:
        f.summary ?? renderSummary(rule.summary, { events: f.events, ruleName: rule.name, distinct: f.distinct }),
      severity: f.severity ?? rule.severity,
      category: rule.category,
      tags: rule.tags,
      eventCount: f.events.length,
      events: f.events,
      details: f.details,
    });
  }
  return out;
}

/** raised() without the events and details: what most tables compare. */
export async function alerts(key: string, events: PicketEvent[]): Promise<CatalogueAlert[]> {
  return (await raised(key, events)).map(({ events: _, details: __, ...a }) => a);
}

/** A catalogue rule compiled as the engine compiles it, its code module (if any) loaded. */
export async function compiledRule(key: string): Promise<ReturnType<typeof compileRule>> {
  const { rule } = entryOf(key);
  return compileRule('r', 1, rule, [], await modules.forRule(rule));
}

/**
 * A deadman rule checked at `now`, after watching for at least a window: the events it saw go through
 * RuleState and the engine's own test (RuleState.deadmanDue). The alert it would raise, or none.
 */
export function deadman(key: string, events: PicketEvent[], now: number): CatalogueAlert[] {
  const { rule } = entryOf(key);
  const compiled = compileRule('r', 1, rule);
  const state = new RuleState(compiled);
  for (const e of events) if (compiled.accepts(e)) state.offer(e, Date.parse(e.utctimestamp));
  if (!state.deadmanDue(now, now - compiled.windowMs)) return [];
  return [
    {
      summary: renderSummary(rule.summary, { events: [], ruleName: rule.name }),
      severity: rule.severity,
      category: rule.category,
      tags: rule.tags,
      eventCount: 0,
    },
  ];
}

const enricher = new Enricher(createDefaultPlugins({ geoip: null }), pino({ level: 'silent' }));
/** The default enrichment plugins over the events, as the worker runs them before the alert engine. */
export const enrich = (events: PicketEvent[], watchlist?: WatchlistMatcher): PicketEvent[] =>
  watchlist
    ? new Enricher(createDefaultPlugins({ geoip: null, watchlist }), pino({ level: 'silent' })).enrich(events)
    : enricher.enrich(events);

/** One of MozDef's test cases: its events and, for a positive case, how the alert differs from the default one. */
export interface MozdefCase {
  name: string;
  events: PicketEvent[];
  /** The expected alert over the table's default; absent for a negative case. */
  alert?: Partial<Omit<CatalogueAlert, 'eventCount'>>;
  /** Where Picket cannot behave as MozDef did, why: the case then asserts Picket's behaviour. */
  differs?: string;
}

/** MozDef's positive/negative table for one rule: each case exactly one alert (default + overrides) or none. */
export function mozdefCases(key: string, defaultAlert: Omit<CatalogueAlert, 'eventCount'>, cases: MozdefCase[]): void {
  describe(key, () => {
    for (const c of cases) {
      it(c.differs ? `${c.name} (Picket differs: ${c.differs})` : c.name, async () => {
        const got = (await alerts(key, c.events)).map(({ eventCount: _, ...a }) => a);
        expect(got).toEqual(c.alert ? [{ ...defaultAlert, ...c.alert }] : []);
      });
    }
  });
}

/** The events moved `m` minutes back in event time (MozDef's subtract_from_timestamp_lambda). */
export const minutesAgo = (es: PicketEvent[], m: number): PicketEvent[] =>
  es.map((e) => ({ ...e, utctimestamp: new Date(Date.parse(e.utctimestamp) - m * 60_000).toISOString() }));
/** The events with these details set on top of theirs. */
export const withDetails = (es: PicketEvent[], d: Record<string, unknown>): PicketEvent[] =>
  es.map((e) => ({ ...e, details: { ...e.details, ...d } }));
/** Why MozDef's negative "old timestamp" cases alert here. */
export const STREAM = 'each event is evaluated once, when stored, whatever its age';
