// Runs catalogue rules over events shaped like MozDef's test events (after Picket's normalization and
// enrichment), through the same compileRule/RuleState the alert engine uses, so a family's test is a
// table of MozDef's positive and negative cases.
import pino from 'pino';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../../workers/enrich.ts';
import { createDefaultPlugins } from '../../workers/plugins/index.ts';
import { compileRule } from '../compiled-rule.ts';
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

/** Offer events to one catalogue rule in order; the firings and their rendered summaries. */
export function run(key: string, events: PicketEvent[]): { firings: Firing[]; summaries: string[] } {
  const entry = CATALOGUE.find((c) => c.key === key);
  if (!entry) throw new Error(`no catalogue rule ${key}`);
  const rule = compileRule('r', 1, entry.rule);
  const state = new RuleState(rule);
  const firings: Firing[] = [];
  for (const e of events) {
    if (!rule.accepts(e)) continue;
    const f = state.offer(e, Date.parse(e.utctimestamp));
    if (f) firings.push(f);
  }
  return { firings, summaries: firings.map((f) => renderSummary(entry.rule.summary, { events: f.events, ruleName: entry.rule.name, distinct: f.distinct })) };
}

const enricher = new Enricher(createDefaultPlugins({ geoip: null }), pino({ level: 'silent' }));
/** The default enrichment plugins over the events, as the worker runs them before the alert engine. */
export const enrich = (events: PicketEvent[]): PicketEvent[] => enricher.enrich(events);
