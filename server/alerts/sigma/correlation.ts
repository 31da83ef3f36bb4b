// A Sigma correlation document (with the rules it references in the same YAML) → the engine's
// threshold / cardinality / sequence windows. Group-by names are read per referenced rule: through
// `aliases` when the correlation defines one for that name, else by the rule's own logsource field
// mapping (so a CloudTrail group-by reads eventName or eventname, whichever the event has).
import type { QueryNode } from '../../store/query/ast.ts';
import { sigmaFields, type FieldStyle } from './field-mapping.ts';
import { SigmaError } from './sigma-error.ts';
import type { CompiledSigma, SigmaMeta } from './sigma-rule.ts';

type Doc = Record<string, unknown>;
const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAX_THRESHOLD = 10_000;
const MAX_TIMESPAN_MS = 7 * 86_400_000;
const MAX_GROUP_BY = 5;

export interface ReferencedRule {
  doc: Doc;
  query: QueryNode;
  style: FieldStyle;
}

function names(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  const xs = Array.isArray(v) ? v : [v];
  if (!xs.every((x) => typeof x === 'string' && x.length > 0)) throw new SigmaError(`Sigma: ${what} must be a name or a list of names`);
  return xs as string[];
}

function timespan(v: unknown): string {
  const m = typeof v === 'string' ? /^(\d{1,6})(s|m|h|d)$/.exec(v) : null;
  if (!m) throw new SigmaError(`Sigma: correlation timespan "${String(v)}" must look like 30s, 5m, 1h or 1d`);
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's']!;
  if (ms < 1000 || ms > MAX_TIMESPAN_MS) throw new SigmaError('Sigma: correlation timespan must be between 1s and 7d');
  return v as string;
}

export interface CountBounds {
  min: number;
  /** An upper bound: the window is then a fixed time bucket, judged when it closes. */
  max?: number;
}

/**
 * The count condition: one of `gt`, `gte`, `lt`, `lte`, `eq`, or several ANDed into a range
 * (`{gt: 100, lte: 200}`). `neq` is not a range and is refused.
 */
function countBounds(cond: unknown, what: string, dflt?: number): CountBounds {
  if (cond === undefined && dflt !== undefined) return { min: dflt };
  if (!isObj(cond)) throw new SigmaError(`Sigma: ${what} correlation needs a condition like {gte: 10}`);
  let min = 1;
  let max: number | undefined;
  let given = false;
  for (const [k, v] of Object.entries(cond)) {
    if (k === 'field') continue;
    if (k === 'neq') throw new SigmaError('Sigma: the correlation condition "neq" is not supported (gt, gte, lt, lte, eq, or a range of them)');
    if (!['gt', 'gte', 'lt', 'lte', 'eq'].includes(k)) throw new SigmaError(`Sigma: the correlation condition "${k}" is not supported (gt, gte, lt, lte, eq)`);
    if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > MAX_THRESHOLD) {
      throw new SigmaError(`Sigma: the correlation condition ${k} needs a whole number up to ${MAX_THRESHOLD}`);
    }
    given = true;
    if (k === 'gt' || k === 'gte' || k === 'eq') min = Math.max(min, k === 'gt' ? v + 1 : v);
    if (k === 'lt' || k === 'lte' || k === 'eq') max = Math.min(max ?? Infinity, k === 'lt' ? v - 1 : v);
  }
  if (!given) throw new SigmaError(`Sigma: ${what} correlation needs a condition like {gte: 10}`);
  if (min > MAX_THRESHOLD) throw new SigmaError(`Sigma: the correlation condition needs a count up to ${MAX_THRESHOLD}`);
  if (max !== undefined && max < min) throw new SigmaError('Sigma: the correlation condition can never hold (its upper bound is below its lower bound, or below 1)');
  return max === undefined ? { min } : { min, max };
}

/** Temporal kinds count rules, not events: an upper bound there is refused. */
function minimumOnly(cond: unknown, what: string, dflt: number): number {
  const b = countBounds(cond, what, dflt);
  if (b.max !== undefined) throw new SigmaError(`Sigma: an upper bound (lt, lte, eq) on ${what} correlation is not supported`);
  return b.min;
}

type Aliases = Map<string, Map<string, string>>;

function parseAliases(v: unknown, refs: string[]): Aliases {
  const out: Aliases = new Map();
  if (v === undefined || v === null) return out;
  if (!isObj(v)) throw new SigmaError('Sigma: correlation aliases must map an alias name to {rule name: field}');
  for (const [alias, perRule] of Object.entries(v)) {
    if (!isObj(perRule)) throw new SigmaError(`Sigma: correlation alias "${alias}" must map rule names to fields`);
    const m = new Map<string, string>();
    for (const [rule, field] of Object.entries(perRule)) {
      if (!refs.includes(rule)) throw new SigmaError(`Sigma: correlation alias "${alias}" names "${rule}", which the correlation does not list in rules`);
      if (typeof field !== 'string' || field === '') throw new SigmaError(`Sigma: correlation alias "${alias}" needs a field name for "${rule}"`);
      m.set(rule, field);
    }
    for (const r of refs) if (!m.has(r)) throw new SigmaError(`Sigma: correlation alias "${alias}" has no field for rule "${r}"`);
    out.set(alias, m);
  }
  return out;
}

export function compileCorrelation(doc: Doc, meta: SigmaMeta, resolve: (ref: string) => ReferencedRule): CompiledSigma {
  const c = doc.correlation as Doc;
  const known = new Set(['type', 'rules', 'group-by', 'timespan', 'condition', 'generate', 'aliases']);
  for (const k of Object.keys(c)) if (!known.has(k)) throw new SigmaError(`Sigma: correlation "${k}" is not supported`);
  const type = c.type;
  const refs = names(c.rules, 'correlation.rules');
  if (refs.length === 0) throw new SigmaError('Sigma: a correlation needs rules');
  const rules = refs.map((ref) => ({ label: ref, ...resolve(ref) }));
  const aliases = parseAliases(c.aliases, refs);
  const groupNames = names(c['group-by'], 'correlation.group-by');
  if (groupNames.length > MAX_GROUP_BY) throw new SigmaError(`Sigma: at most ${MAX_GROUP_BY} group-by fields`);
  // Per referenced rule, per group-by name: the Picket fields that may hold the value.
  const groupReaders = rules.map((r) => ({
    query: r.query,
    fields: groupNames.map((g) => sigmaFields(aliases.get(g)?.get(r.label) ?? g, r.style)),
  }));
  // Display: a group-by name every rule reads from one same field can be listed in the summary.
  const shown = groupNames.map((_, i) => groupReaders[0]?.fields[i]).filter((f, i) => f.length === 1 && groupReaders.every((g) => g.fields[i].length === 1 && g.fields[i][0] === f[0]));
  const groupBy = shown.length === groupNames.length ? shown.map((f) => f[0]) : [];
  const window = timespan(c.timespan);
  const any: QueryNode = rules.length === 1 ? rules[0].query : { type: 'or', children: rules.map((l) => l.query) };
  const by = shown.map((f) => ` {values:${f[0]}}`).join('');
  const base = { meta, groupBy, groupReaders, window, steps: [] as QueryNode[], labelled: [] as CompiledSigma['labelled'] };
  switch (type) {
    case 'event_count': {
      const b = countBounds(c.condition, 'an event_count');
      return { ...base, kind: 'threshold', query: any, threshold: b.min, maxCount: b.max, summary: `{rule}: {count} events${by}` };
    }
    case 'value_count': {
      const cond = c.condition;
      if (!isObj(cond) || typeof cond.field !== 'string') throw new SigmaError('Sigma: a value_count correlation needs condition.field');
      const field = cond.field;
      const distinctFields = [...new Set(rules.flatMap((r) => sigmaFields(field, r.style)))];
      const b = countBounds(cond, 'a value_count');
      return { ...base, kind: 'cardinality', query: any, distinct: distinctFields[0], distinctFields, threshold: b.min, maxCount: b.max, summary: `{rule}: {distinct} distinct ${field} in {count} events${by}` };
    }
    case 'temporal': {
      if (new Set(refs).size !== refs.length) throw new SigmaError('Sigma: a temporal correlation lists a rule twice');
      const threshold = minimumOnly(c.condition, 'a temporal', refs.length);
      if (threshold > refs.length) throw new SigmaError('Sigma: a temporal condition cannot ask for more rules than it lists');
      const labelled = rules.map((r) => ({ label: r.label, query: r.query }));
      return { ...base, kind: 'cardinality', query: any, labelled, threshold, summary: `{rule}: {distinct} of ${refs.length} rules matched in {count} events${by}` };
    }
    case 'temporal_ordered':
      if (c.condition !== undefined) minimumOnly(c.condition, 'a temporal_ordered', refs.length);
      if (refs.length < 2 || refs.length > 10) throw new SigmaError('Sigma: temporal_ordered needs 2 to 10 rules');
      return { ...base, kind: 'sequence', query: { type: 'matchAll' }, steps: rules.map((l) => l.query), summary: `{rule}: sequence of ${refs.length} rules${by}` };
    default:
      throw new SigmaError(`Sigma: correlation type "${String(type)}" is not supported (event_count, value_count, temporal, temporal_ordered)`);
  }
}
