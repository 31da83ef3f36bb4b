// A stored Sigma rule → the engine's own rule form. The Sigma YAML compiles to a query AST plus one
// of the existing rule types (match, threshold, cardinality, sequence), so the streaming engine,
// window rebuilds, dedup, suppression, exceptions and back-tests need no Sigma-specific code.
import type { PicketEvent } from '../../ingest/event.ts';
import type { QueryNode } from '../../store/query/ast.ts';
import { compileMatcher } from '../../store/query/match-event.ts';
import { fieldGetter, scalarString, type FieldGetter } from '../field-value.ts';
import { durationMs, type RuleDefinition } from '../rule-definition.ts';
import { compileSigma, type ChainRef, type CompiledSigma } from './sigma-rule.ts';

type SigmaDefinition = Extract<RuleDefinition, { type: 'sigma' }>;

export interface SigmaEngineRule {
  def: Exclude<RuleDefinition, { type: 'sigma' }>;
  query: QueryNode;
  steps: QueryNode[];
  distinctOf?: FieldGetter;
  /** Correlations: the group key, read per referenced rule (aliases, logsource field spellings). */
  groupOf?: (e: PicketEvent) => string | undefined;
  /** A count condition with an upper bound or `neq` (see CompiledRule.maxCount). */
  maxCount?: number;
  excludeCount?: number;
  /** A chained correlation: what it counts, per listed rule (chain-state.ts runs it). */
  chain?: SigmaChainRef[];
  /** A chain: how far back a rebuild reads (its window plus the longest inner one). */
  lookbackMs?: number;
}

/** A listed rule of a chain: a base rule's events, or an inner correlation's alerts-to-be. */
export type SigmaChainRef =
  | { label: string; match: (e: PicketEvent) => boolean; groupOf: (e: PicketEvent) => string | undefined }
  | { label: string; inner: SigmaEngineRule; groupIndex: number[] };

const SEP = '\u001f';

/** The first of several spellings of a field that the event has. */
function firstPresent(fields: string[]): FieldGetter {
  const getters = fields.map(fieldGetter);
  if (getters.length === 1) return getters[0];
  return (e) => {
    for (const g of getters) {
      const v = g(e);
      if (v !== undefined && v !== null) return v;
    }
    return undefined;
  };
}

function groupKeyOf(readers: NonNullable<CompiledSigma['groupReaders']>): (e: PicketEvent) => string | undefined {
  const compiled = readers.map((r) => ({
    match: readers.length === 1 ? () => true : compileMatcher(r.query),
    fields: r.fields.map(firstPresent),
  }));
  return (e) => {
    const r = compiled.find((x) => x.match(e));
    if (!r) return undefined;
    let key = '';
    for (let i = 0; i < r.fields.length; i++) {
      const s = scalarString(r.fields[i](e));
      if (s === undefined) return undefined;
      key = i === 0 ? s : key + SEP + s;
    }
    return key;
  };
}

export function sigmaEngineRule(def: SigmaDefinition): SigmaEngineRule {
  const { yaml: _yaml, type: _type, ...common } = def;
  return engineRule(compileSigma(def.yaml), common);
}

function engineRule(c: CompiledSigma, common: Omit<SigmaDefinition, 'yaml' | 'type'>): SigmaEngineRule {
  const base = { ...common, query: '*', groupBy: c.groupBy };
  const window = c.window ?? '1m';
  const groupOf = c.groupReaders ? groupKeyOf(c.groupReaders) : undefined;
  const bounds = { maxCount: c.maxCount, excludeCount: c.excludeCount };
  const chained = c.chain ? chainOf(c.chain, common) : undefined;
  const chain = chained ? { chain: chained.refs, lookbackMs: chained.lookbackMs + durationMs(window)! } : {};
  switch (c.kind) {
    case 'match':
      return { def: { ...base, type: 'match' }, query: c.query, steps: [] };
    case 'threshold':
      return {
        def: { ...base, type: 'threshold', threshold: c.threshold!, window },
        query: c.query,
        steps: [],
        groupOf,
        ...bounds,
        ...chain,
      };
    case 'sequence': {
      const n = c.chain?.length ?? c.steps.length;
      return {
        def: { ...base, type: 'sequence', steps: Array.from({ length: n }, () => ({ query: '*' })), window },
        query: c.query,
        steps: c.steps,
        groupOf,
        ...chain,
      };
    }
    case 'cardinality': {
      if (c.distinct !== undefined) {
        const distinctOf = firstPresent(c.distinctFields ?? [c.distinct]);
        return {
          def: { ...base, type: 'cardinality', distinct: c.distinct, threshold: c.threshold!, window },
          query: c.query,
          steps: [],
          distinctOf,
          groupOf,
          ...bounds,
        };
      }
      // temporal: the distinct "value" of an event is which referenced rule it matched.
      const labelled = c.labelled.map((l) => ({ label: l.label, match: compileMatcher(l.query) }));
      const distinctOf = (e: PicketEvent) => labelled.find((l) => l.match(e))?.label;
      return {
        def: { ...base, type: 'cardinality', distinct: 'sigma.rule', threshold: c.threshold!, window },
        query: c.query,
        steps: [],
        distinctOf,
        groupOf,
        ...bounds,
        ...chain,
      };
    }
  }
}

function chainOf(
  refs: ChainRef[],
  common: Omit<SigmaDefinition, 'yaml' | 'type'>,
): { refs: SigmaChainRef[]; lookbackMs: number } {
  let lookbackMs = 0;
  const out = refs.map((r): SigmaChainRef => {
    if (r.inner) {
      const inner = engineRule(r.inner, common);
      lookbackMs = Math.max(lookbackMs, inner.lookbackMs ?? durationMs(r.inner.window ?? '1m')!);
      return { label: r.label, inner, groupIndex: r.groupIndex! };
    }
    return {
      label: r.label,
      match: compileMatcher(r.query!),
      groupOf: groupKeyOf([{ query: r.query!, fields: r.groupFields! }]),
    };
  });
  return { refs: out, lookbackMs };
}
