// A rule made ready for per-event evaluation: queries parsed and compiled once, the group key reader
// built once, and a cheap prefilter (the category the query requires, if any) so the engine can skip
// most rules for most events without running their matchers.
import type { PicketEvent } from '../ingest/event.ts';
import { compileMatcher, parseQuery, type EventMatcher, type QueryNode } from '../store/query/index.ts';
import { fieldGetter, scalarString, type FieldGetter } from './field-value.ts';
import type { LoadedCodeRule } from './code-rules/code-rule-modules.ts';
import { codeEvaluator, type CodeEvaluator } from './code-rules/code-evaluator.ts';
import { durationMs, windowMs, type RuleDefinition } from './rule-definition.ts';
import { sigmaEngineRule, type SigmaChainRef } from './sigma/engine-rule.ts';

export interface CompiledRule {
  id: string;
  version: number;
  def: RuleDefinition;
  windowMs: number;
  /** The rule's query (for sequences: the top-level filter) and no exception matches. */
  accepts: EventMatcher;
  /** Sequence steps, in order; empty for other types. */
  steps: EventMatcher[];
  /** Events this rule cares about at all, as one query: what a rebuild reads back from the store. */
  storeQuery: QueryNode;
  /** The group key of an event, or undefined when a groupBy field is missing (such events are skipped). */
  groupOf(e: PicketEvent): string | undefined;
  /** For cardinality rules: the value counted. */
  distinctOf?: FieldGetter;
  /** Exact category every matching event has, when the query says so: the engine indexes rules by it. */
  category?: string;
  /** Code rules: the module's evaluate(), its answers checked. */
  code?: CodeEvaluator;
  /**
   * Threshold / cardinality with an upper bound on the count (Sigma `lt`, `lte`, `eq`, ranges): the
   * window is then a fixed time bucket (epoch-aligned, `windowMs` long) per group, judged when it
   * closes, since an upper bound is only known then (rule-state.ts).
   */
  maxCount?: number;
  /** Sigma `neq`: a closed bucket with exactly this count does not alert. */
  excludeCount?: number;
  /** A chained Sigma correlation: what its window counts (chain-state.ts). */
  chain?: ChainRef[];
  /** How far back a rebuild reads, when more than `windowMs` (a chain's inner windows). */
  lookbackMs?: number;
}

/** A listed rule of a chained correlation: a base rule's events, or an inner correlation's alerts-to-be. */
export type ChainRef =
  | { label: string; match: EventMatcher; groupOf: (e: PicketEvent) => string | undefined }
  | { label: string; inner: CompiledRule; groupIndex: number[] };

/** A category the query requires: `category:x` alone or as a conjunct of a top-level AND. */
function requiredCategory(node: QueryNode): string | undefined {
  if (node.type === 'term' || node.type === 'phrase') return node.field === 'category' ? node.value : undefined;
  if (node.type === 'and') {
    for (const c of node.children) {
      const found = requiredCategory(c);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const SEP = '\u001f';

function groupKeyReader(fields: string[]): (e: PicketEvent) => string | undefined {
  if (fields.length === 0) return () => '';
  const getters = fields.map(fieldGetter);
  if (getters.length === 1) {
    const g = getters[0];
    return (e) => scalarString(g(e));
  }
  return (e) => {
    let key = '';
    for (let i = 0; i < getters.length; i++) {
      const s = scalarString(getters[i](e));
      if (s === undefined) return undefined;
      key = i === 0 ? s : key + SEP + s;
    }
    return key;
  };
}

/** Readable form of a group key for the API ("1.2.3.4", "alice / host-1"). */
export function displayGroupKey(key: string): string {
  return key.split(SEP).join(' / ');
}

/** An exception's query, with the time (ms) it stops applying when it expires. */
export type ExceptionSpec = string | { query: string; expiresAt: number | null };

export function compileRule(
  id: string,
  version: number,
  given: RuleDefinition,
  exceptionQueries: readonly ExceptionSpec[] = [],
  module?: LoadedCodeRule,
): CompiledRule {
  if (given.type === 'code') {
    if (!module) throw new Error(`code rule module "${given.module}" is not loaded`);
    return compileCodeRule(id, version, given, exceptionQueries, module);
  }
  // A Sigma rule runs as the engine type it compiles to (match, threshold, cardinality, sequence).
  const sigma = given.type === 'sigma' ? sigmaEngineRule(given) : null;
  const def = (sigma?.def ?? given) as Exclude<RuleDefinition, { type: 'sigma' | 'code' }>;
  // A watchlist rule only ever sees events the ingest matcher tagged.
  const top: QueryNode =
    sigma?.query ??
    (def.type === 'watchlist'
      ? { type: 'and', children: [parseQuery('tags:watchlist'), parseQuery(def.query)] }
      : parseQuery(def.query));
  const accepts = withExceptions(compileMatcher(top), exceptionQueries);
  const stepNodes = sigma?.steps.length
    ? sigma.steps
    : def.type === 'sequence'
      ? def.steps.map((s) => parseQuery(s.query))
      : [];
  const storeQuery: QueryNode = stepNodes.length
    ? { type: 'and', children: [top, { type: 'or', children: stepNodes }] }
    : top;
  return {
    id,
    version,
    def,
    windowMs: windowMs(def),
    accepts,
    steps: stepNodes.map(compileMatcher),
    storeQuery,
    groupOf: sigma?.groupOf ?? groupKeyReader(def.groupBy),
    maxCount: sigma?.maxCount,
    excludeCount: sigma?.excludeCount,
    distinctOf: sigma?.distinctOf ?? (def.type === 'cardinality' ? fieldGetter(def.distinct) : undefined),
    category: requiredCategory(top),
    ...(sigma?.chain ? { chain: sigma.chain.map((r) => chainRef(id, version, r)), lookbackMs: sigma.lookbackMs } : {}),
  };
}

/** An inner correlation runs as a rule of its own inside the chain (no exceptions: the outer rule applies them). */
function chainRef(id: string, version: number, r: SigmaChainRef): ChainRef {
  if (!('inner' in r)) return { label: r.label, match: r.match, groupOf: r.groupOf };
  const s = r.inner;
  const inner: CompiledRule = {
    id,
    version,
    def: s.def,
    windowMs: windowMs(s.def),
    accepts: compileMatcher(s.query),
    steps: s.steps.map(compileMatcher),
    storeQuery: s.query,
    groupOf: s.groupOf ?? (() => ''),
    maxCount: s.maxCount,
    excludeCount: s.excludeCount,
    distinctOf: s.distinctOf,
    ...(s.chain ? { chain: s.chain.map((x) => chainRef(id, version, x)), lookbackMs: s.lookbackMs } : {}),
  };
  return { label: r.label, inner, groupIndex: r.groupIndex };
}

function withExceptions(main: EventMatcher, exceptionQueries: readonly ExceptionSpec[]): EventMatcher {
  const exceptions = exceptionQueries
    .map((x) => (typeof x === 'string' ? { query: x, expiresAt: null } : x))
    .map((x) => ({ matches: compileMatcher(parseQuery(x.query)), expiresAt: x.expiresAt }));
  if (exceptions.length === 0) return main;
  // A compiled rule lives until its rule changes: an exception that expires meanwhile stops here.
  const expiring = exceptions.some((x) => x.expiresAt !== null);
  return (e) => {
    if (!main(e)) return false;
    const now = expiring ? Date.now() : 0;
    for (const x of exceptions) if ((x.expiresAt === null || now < x.expiresAt) && x.matches(e)) return false;
    return true;
  };
}

/** A code rule: a window per group like threshold, with the module deciding when it alerts. */
function compileCodeRule(
  id: string,
  version: number,
  def: Extract<RuleDefinition, { type: 'code' }>,
  exceptionQueries: readonly ExceptionSpec[],
  module: LoadedCodeRule,
): CompiledRule {
  const top = parseQuery(module.query);
  return {
    id,
    version,
    def,
    windowMs: durationMs(module.window)!,
    accepts: withExceptions(compileMatcher(top), exceptionQueries),
    steps: [],
    storeQuery: top,
    groupOf: groupKeyReader(module.groupBy),
    category: requiredCategory(top),
    code: codeEvaluator(module, displayGroupKey),
  };
}
