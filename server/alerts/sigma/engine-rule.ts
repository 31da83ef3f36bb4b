// A stored Sigma rule → the engine's own rule form. The Sigma YAML compiles to a query AST plus one
// of the existing rule types (match, threshold, cardinality, sequence), so the streaming engine,
// window rebuilds, dedup, suppression, exceptions and back-tests need no Sigma-specific code.
import type { PicketEvent } from '../../ingest/event.ts';
import type { QueryNode } from '../../store/query/ast.ts';
import { compileMatcher } from '../../store/query/match-event.ts';
import { fieldGetter, type FieldGetter } from '../field-value.ts';
import type { RuleDefinition } from '../rule-definition.ts';
import { compileSigma } from './sigma-rule.ts';

type SigmaDefinition = Extract<RuleDefinition, { type: 'sigma' }>;

export interface SigmaEngineRule {
  def: Exclude<RuleDefinition, { type: 'sigma' }>;
  query: QueryNode;
  steps: QueryNode[];
  distinctOf?: FieldGetter;
}

export function sigmaEngineRule(def: SigmaDefinition): SigmaEngineRule {
  const c = compileSigma(def.yaml);
  const { yaml: _yaml, type: _type, ...common } = def;
  const base = { ...common, query: '*', groupBy: c.groupBy };
  const window = c.window ?? '1m';
  switch (c.kind) {
    case 'match':
      return { def: { ...base, type: 'match' }, query: c.query, steps: [] };
    case 'threshold':
      return { def: { ...base, type: 'threshold', threshold: c.threshold!, window }, query: c.query, steps: [] };
    case 'sequence':
      return { def: { ...base, type: 'sequence', steps: c.steps.map(() => ({ query: '*' })), window }, query: c.query, steps: c.steps };
    case 'cardinality': {
      if (c.distinct !== undefined) {
        return { def: { ...base, type: 'cardinality', distinct: c.distinct, threshold: c.threshold!, window }, query: c.query, steps: [], distinctOf: fieldGetter(c.distinct) };
      }
      // temporal: the distinct "value" of an event is which referenced rule it matched.
      const labelled = c.labelled.map((l) => ({ label: l.label, match: compileMatcher(l.query) }));
      const distinctOf = (e: PicketEvent) => labelled.find((l) => l.match(e))?.label;
      return { def: { ...base, type: 'cardinality', distinct: 'sigma.rule', threshold: c.threshold!, window }, query: c.query, steps: [], distinctOf };
    }
  }
}
