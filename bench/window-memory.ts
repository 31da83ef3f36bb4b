// `node --expose-gc bin/run-ts.mjs bench/window-memory.ts [--events N] [--rules N]`
// What rule windows cost in memory and time, in-process: N proxy-like events (one every 0.4 ms, so
// all inside a 5-minute window) offered to identical cardinality rules grouped by source IP. Prints
// one JSON line: heap bytes per event per rule held by the windows, and µs per event per rule.
import { parseArgs } from 'node:util';
import { compileRule } from '../server/alerts/compiled-rule.ts';
import { parseRuleDefinition } from '../server/alerts/rule-definition.ts';
import { RuleState } from '../server/alerts/rule-state.ts';
import type { PicketEvent } from '../server/ingest/event.ts';
import { eventId } from '../server/ingest/event-id.ts';

const { values } = parseArgs({ options: { events: { type: 'string' }, rules: { type: 'string' } } });
const N = Number(values.events ?? 600_000);
const RULES = Number(values.rules ?? 33);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const parsed = parseRuleDefinition({
  name: 'window memory',
  category: 'bench',
  summary: '{count}',
  severity: 'NOTICE',
  type: 'cardinality',
  query: '*',
  groupBy: ['details.sourceipaddress'],
  distinct: 'details.destination',
  threshold: 10_000, // never reached: the windows only fill
  window: '5m',
});
if (!parsed.ok) throw new Error(parsed.message);
const rule = parsed.rule;
const states = Array.from({ length: RULES }, (_, i) => new RuleState(compileRule(`r${i}`, 1, rule)));

const t0 = Date.UTC(2026, 0, 1);
const events: PicketEvent[] = [];
for (let i = 0; i < N; i++) {
  const at = new Date(t0 + i * 0.4).toISOString();
  events.push({
    id: eventId(t0 + i * 0.4),
    utctimestamp: at,
    receivedtimestamp: at,
    category: 'proxy',
    source: 'bench',
    hostname: 'proxy1',
    processname: 'squid',
    processid: '1',
    severity: 'INFO',
    summary: 'GET',
    tags: [],
    details: { sourceipaddress: `10.0.${i % 50}.${i % 200}`, destination: `d${i % 5000}.example` },
  });
}
gc();
const before = process.memoryUsage().heapUsed;
const started = performance.now();
for (const e of events) {
  const ts = Date.parse(e.utctimestamp);
  for (const s of states) s.offer(e, ts);
}
const ms = performance.now() - started;
gc();
const after = process.memoryUsage().heapUsed;
console.log(
  JSON.stringify({
    bench: 'window-memory',
    events: N,
    rules: RULES,
    groups: states[0].groupCount,
    bytesPerEventPerRule: Math.round((after - before) / N / RULES),
    usPerEventPerRule: Math.round((ms * 1000 * 1000) / N / RULES) / 1000,
  }),
);
