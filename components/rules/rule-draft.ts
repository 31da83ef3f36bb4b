import type { inferRouterOutputs } from '@trpc/server';
import type { PicketEvent } from '@/server/ingest/event';
import { writeOwnPath } from '@/server/ingest/own-path';
import type { AppRouter } from '@/server/trpc/router';

type Out = inferRouterOutputs<AppRouter>;
export type RuleListItem = Out['rules']['list'][number];
export type RuleDetail = Out['rules']['get'];
export type TestResult = Out['rules']['test'];

/** The rule JSON being edited: exactly what rules.create/update/test take (docs/rules.md). */
export type Draft = Record<string, unknown>;

export const RULE_TYPES = ['match', 'threshold', 'cardinality', 'sequence', 'deadman'] as const;
export type FormType = (typeof RULE_TYPES)[number];

export const TYPE_HELP: Record<FormType, string> = {
  match: 'Every event matching the query raises an alert.',
  threshold: 'At least N matching events per group within a window.',
  cardinality: 'At least N distinct values of a field per group within a window.',
  sequence: 'Events matching each step in order, for the same group, within a window.',
  deadman: 'No event matching the query within a window.',
};

/** Keys the server adds to a stored rule; they are not part of the definition. */
const RECORD_KEYS = [
  'id',
  'version',
  'owner',
  'createdAt',
  'updatedAt',
  'catalogueKey',
  'hits',
  'lastFiredAt',
  'exceptions',
  'moduleSource',
];
/** Keys only some types take (the schema refuses the rest). */
const TYPE_KEYS: Record<FormType, string[]> = {
  match: [],
  threshold: ['threshold', 'window', 'grouping'],
  cardinality: ['distinct', 'threshold', 'window', 'grouping'],
  sequence: ['steps', 'window'],
  deadman: ['window'],
};
const ALL_TYPE_KEYS = ['threshold', 'window', 'distinct', 'steps', 'grouping'];

/** The order people read a rule in (Postgres jsonb returns keys by length). */
const KEY_ORDER = [
  'name',
  'type',
  'description',
  'query',
  'groupBy',
  'threshold',
  'distinct',
  'window',
  'steps',
  'severity',
  'category',
  'tags',
  'summary',
  'suppress',
  'grouping',
  'notify',
  'actions',
  'enabled',
  'disabledReason',
];

export function definitionOf(record: Record<string, unknown>): Draft {
  const d: Draft = {};
  const keys = Object.keys(record).filter((k) => !RECORD_KEYS.includes(k));
  const rank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  for (const k of keys.sort((a, b) => rank(a) - rank(b))) d[k] = record[k];
  return d;
}

export function newDraft(): Draft {
  return {
    name: '',
    type: 'threshold',
    query: '',
    groupBy: ['details.sourceipaddress'],
    threshold: 10,
    window: '5m',
    severity: 'NOTICE',
    category: '',
    tags: [],
    summary: '{count} events from {details.sourceipaddress}',
    enabled: true,
  };
}

/** Switches type: drops the keys the new type refuses and fills the ones it needs. */
export function withType(d: Draft, type: FormType): Draft {
  const next: Draft = { ...d, type };
  for (const k of ALL_TYPE_KEYS) if (!TYPE_KEYS[type].includes(k)) delete next[k];
  if (TYPE_KEYS[type].includes('window') && next.window === undefined) next.window = type === 'deadman' ? '1h' : '5m';
  if (TYPE_KEYS[type].includes('threshold') && next.threshold === undefined) next.threshold = 10;
  if (type === 'cardinality' && next.distinct === undefined) next.distinct = 'details.destinationport';
  if (type === 'sequence' && next.steps === undefined) next.steps = [{ query: '' }, { query: '' }];
  return next;
}

/** Sets a key; empty optional values are removed so the JSON stays minimal. */
export function withField(d: Draft, key: string, value: unknown): Draft {
  const next = { ...d };
  if (value === undefined || (value === '' && ['description', 'suppress'].includes(key))) delete next[key];
  else next[key] = value;
  return next;
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
export const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : []);
export const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export const pretty = (d: unknown): string => JSON.stringify(d, null, 2);

/** Parses the code view; an error message instead of a draft when it is not a JSON object. */
export function parseDraftJson(text: string): { draft: Draft } | { error: string } {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'A rule is a JSON object ({ … }).' };
    return { draft: v as Draft };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * A stand-in event for the summary preview before any test ran: each field the template names
 * holds "‹field›", so the preview shows where values go.
 */
export function sampleEvents(template: string, count: number): PicketEvent[] {
  const details: Record<string, unknown> = {};
  const top: Record<string, string> = { hostname: '‹hostname›', category: '‹category›', summary: '‹summary›' };
  for (const m of template.matchAll(/\{(?:values:)?([A-Za-z0-9_@.-]+)\}/g)) {
    const f = m[1];
    if (['count', 'distinct', 'hostnames', 'rule'].includes(f) || f in top) continue;
    const path = (f.startsWith('details.') ? f.slice(8) : f).split('.');
    // The template is user text: `{__proto__.x}` must not write to Object.prototype in the browser.
    writeOwnPath(details, path, `‹${f}›`);
  }
  const e: PicketEvent = {
    id: 'sample',
    utctimestamp: new Date(0).toISOString(),
    receivedtimestamp: new Date(0).toISOString(),
    category: top.category,
    source: 'sample',
    hostname: top.hostname,
    processname: '',
    processid: '',
    severity: 'INFO',
    summary: top.summary,
    tags: [],
    details,
  };
  return Array.from({ length: Math.max(1, Math.min(count, 50)) }, (_, i) => ({ ...e, id: `sample-${i}` }));
}
