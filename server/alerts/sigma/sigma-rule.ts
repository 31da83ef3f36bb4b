// A Sigma YAML text (one rule, or a correlation rule plus the rules it references, as a
// multi-document YAML) → what Picket's engine runs: a query over events (Picket's query AST) and,
// for correlations, the threshold / cardinality / sequence form the engine already evaluates.
import { parseAllDocuments } from 'yaml';
import type { QueryNode } from '../../store/query/ast.ts';
import { compileCondition } from './condition.ts';
import { detectionItem } from './detection.ts';
import { logsourceHint, mapSigmaField } from './field-mapping.ts';
import { SigmaError } from './sigma-error.ts';

/** Sigma `level` → Picket severity. A rule without a level gets NOTICE (Picket's default). */
export const SIGMA_LEVELS: Readonly<Record<string, string>> = {
  informational: 'INFO',
  low: 'NOTICE',
  medium: 'WARNING',
  high: 'ERROR',
  critical: 'CRITICAL',
};

export const MAX_SIGMA_YAML = 100_000;
const MAX_THRESHOLD = 10_000;
const MAX_TIMESPAN_MS = 7 * 86_400_000;

export interface SigmaMeta {
  title?: string;
  description?: string;
  severity?: string;
  tags: string[];
}

export interface CompiledSigma {
  kind: 'match' | 'threshold' | 'cardinality' | 'sequence';
  meta: SigmaMeta;
  /** Events the rule looks at (a correlation: any referenced rule). */
  query: QueryNode;
  /** temporal_ordered: the referenced rules in order. */
  steps: QueryNode[];
  /** temporal: the referenced rules, labelled; the engine counts distinct labels per group. */
  labelled: Array<{ label: string; query: QueryNode }>;
  groupBy: string[];
  threshold?: number;
  window?: string;
  /** value_count: the Picket field whose distinct values are counted. */
  distinct?: string;
  summary: string;
}

type Doc = Record<string, unknown>;
const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  const xs = Array.isArray(v) ? v : [v];
  if (!xs.every((x) => typeof x === 'string' && x.length > 0)) throw new SigmaError(`Sigma: ${what} must be a name or a list of names`);
  return xs as string[];
}

function meta(doc: Doc): SigmaMeta {
  const level = doc.level;
  let severity: string | undefined;
  if (level !== undefined) {
    const key = typeof level === 'string' ? level.toLowerCase() : undefined;
    severity = key !== undefined && Object.hasOwn(SIGMA_LEVELS, key) ? SIGMA_LEVELS[key] : undefined;
    if (!severity) throw new SigmaError(`Sigma: level "${String(level)}" is not one of ${Object.keys(SIGMA_LEVELS).join(', ')}`);
  }
  const tags = Array.isArray(doc.tags) ? doc.tags.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim().slice(0, 100)).slice(0, 50) : [];
  return {
    title: typeof doc.title === 'string' ? doc.title.trim().slice(0, 200) : undefined,
    description: typeof doc.description === 'string' ? doc.description.slice(0, 5000) : undefined,
    severity,
    tags,
  };
}

/** The detection of one Sigma rule document → one query. */
function detectionQuery(doc: Doc): QueryNode {
  if (!isObj(doc.detection)) throw new SigmaError('Sigma: the rule has no detection');
  const { condition, timeframe, ...named } = doc.detection;
  if (timeframe !== undefined) throw new SigmaError('Sigma: detection timeframe (legacy aggregation) is not supported; use a correlation rule with a timespan');
  const selections = new Map<string, QueryNode>();
  for (const [name, body] of Object.entries(named)) selections.set(name, selectionQuery(name, body));
  const conds = typeof condition === 'string' ? [condition] : Array.isArray(condition) && condition.every((c) => typeof c === 'string') ? (condition as string[]) : null;
  if (!conds || conds.length === 0) throw new SigmaError('Sigma: detection.condition must be a string (or a list of strings)');
  const nodes = conds.map((c) => compileCondition(c, selections));
  let q: QueryNode = nodes.length === 1 ? nodes[0] : { type: 'or', children: nodes };
  const ls = isObj(doc.logsource) ? doc.logsource : undefined;
  const hint = logsourceHint(ls);
  if (hint) {
    const required: QueryNode[] = Object.entries(hint.require).map(([field, value]) => ({ type: 'phrase', field, value }));
    q = { type: 'and', children: [...required, q] };
  }
  return q;
}

function selectionQuery(name: string, body: unknown): QueryNode {
  const mapQuery = (m: Doc): QueryNode => {
    const entries = Object.entries(m);
    if (entries.length === 0) throw new SigmaError(`Sigma: selection "${name}" is empty`);
    const kids = entries.map(([k, v]) => detectionItem(k, v as never));
    return kids.length === 1 ? kids[0] : { type: 'and', children: kids };
  };
  if (isObj(body)) return mapQuery(body);
  if (Array.isArray(body)) {
    if (body.length === 0) throw new SigmaError(`Sigma: selection "${name}" is empty`);
    if (body.every(isObj)) {
      const kids = body.map(mapQuery);
      return kids.length === 1 ? kids[0] : { type: 'or', children: kids };
    }
    if (body.every((x) => !isObj(x) && !Array.isArray(x))) return detectionItem(null, body as never);
    throw new SigmaError(`Sigma: selection "${name}" mixes maps and plain values`);
  }
  if (typeof body === 'string' || typeof body === 'number') return detectionItem(null, body);
  throw new SigmaError(`Sigma: selection "${name}" must be a map, a list of maps or a list of keywords`);
}

function timespan(v: unknown): string {
  const m = typeof v === 'string' ? /^(\d{1,6})(s|m|h|d)$/.exec(v) : null;
  if (!m) throw new SigmaError(`Sigma: correlation timespan "${String(v)}" must look like 30s, 5m, 1h or 1d`);
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's']!;
  if (ms < 1000 || ms > MAX_TIMESPAN_MS) throw new SigmaError('Sigma: correlation timespan must be between 1s and 7d');
  return v as string;
}

function minimum(cond: unknown, what: string, dflt?: number): number {
  if (cond === undefined && dflt !== undefined) return dflt;
  if (!isObj(cond)) throw new SigmaError(`Sigma: ${what} correlation needs a condition like {gte: 10}`);
  for (const k of Object.keys(cond)) {
    if (k !== 'gte' && k !== 'gt' && k !== 'field') throw new SigmaError(`Sigma: the correlation condition "${k}" is not supported (only gte and gt)`);
  }
  const n = cond.gte !== undefined ? cond.gte : typeof cond.gt === 'number' ? cond.gt + 1 : undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_THRESHOLD) throw new SigmaError(`Sigma: the correlation condition needs gte (or gt) with a whole number from 1 to ${MAX_THRESHOLD}`);
  return n;
}

function mapped(name: string): string {
  const m = mapSigmaField(name);
  if ('error' in m) throw new SigmaError(m.error);
  return m.field;
}

function correlation(doc: Doc, rules: Doc[]): CompiledSigma {
  const c = doc.correlation as Doc;
  const known = new Set(['type', 'rules', 'group-by', 'timespan', 'condition', 'generate']);
  for (const k of Object.keys(c)) if (!known.has(k)) throw new SigmaError(`Sigma: correlation "${k}" is not supported`);
  const type = c.type;
  const refs = strings(c.rules, 'correlation.rules');
  if (refs.length === 0) throw new SigmaError('Sigma: a correlation needs rules');
  const labelled = refs.map((ref) => {
    const target = rules.find((r) => r.name === ref || r.id === ref);
    if (!target) throw new SigmaError(`Sigma: correlation rule references "${ref}", which is not in this YAML (add the rule as another document, separated by ---)`);
    if (isObj(target.correlation)) throw new SigmaError('Sigma: correlations of correlations are not supported');
    return { label: ref, query: detectionQuery(target) };
  });
  const groupBy = strings(c['group-by'], 'correlation.group-by').map(mapped);
  if (groupBy.length > 5) throw new SigmaError('Sigma: at most 5 group-by fields');
  const window = timespan(c.timespan);
  const any: QueryNode = labelled.length === 1 ? labelled[0].query : { type: 'or', children: labelled.map((l) => l.query) };
  const by = groupBy.map((f) => ` {values:${f}}`).join('');
  const base = { meta: meta(doc), groupBy, window, steps: [] as QueryNode[], labelled: [] as CompiledSigma['labelled'] };
  switch (type) {
    case 'event_count':
      return { ...base, kind: 'threshold', query: any, threshold: minimum(c.condition, 'an event_count'), summary: `{rule}: {count} events${by}` };
    case 'value_count': {
      const cond = c.condition;
      if (!isObj(cond) || typeof cond.field !== 'string') throw new SigmaError('Sigma: a value_count correlation needs condition.field');
      const distinct = mapped(cond.field);
      return { ...base, kind: 'cardinality', query: any, distinct, threshold: minimum(cond, 'a value_count'), summary: `{rule}: {distinct} distinct ${cond.field} in {count} events${by}` };
    }
    case 'temporal': {
      if (new Set(refs).size !== refs.length) throw new SigmaError('Sigma: a temporal correlation lists a rule twice');
      const threshold = minimum(c.condition, 'a temporal', refs.length);
      if (threshold > refs.length) throw new SigmaError('Sigma: a temporal condition cannot ask for more rules than it lists');
      return { ...base, kind: 'cardinality', query: any, labelled, threshold, summary: `{rule}: {distinct} of ${refs.length} rules matched in {count} events${by}` };
    }
    case 'temporal_ordered':
      if (refs.length < 2 || refs.length > 10) throw new SigmaError('Sigma: temporal_ordered needs 2 to 10 rules');
      return { ...base, kind: 'sequence', query: { type: 'matchAll' }, steps: labelled.map((l) => l.query), summary: `{rule}: sequence of ${refs.length} rules${by}` };
    default:
      throw new SigmaError(`Sigma: correlation type "${String(type)}" is not supported (event_count, value_count, temporal, temporal_ordered)`);
  }
}

function compileUncached(yamlText: string): CompiledSigma {
  if (yamlText.length > MAX_SIGMA_YAML) throw new SigmaError(`Sigma: the YAML is longer than ${MAX_SIGMA_YAML} characters`);
  const parsed = parseAllDocuments(yamlText, { uniqueKeys: true });
  const docsIn = Array.isArray(parsed) ? parsed : [parsed];
  const docs: Doc[] = [];
  for (const d of docsIn) {
    if (d.errors.length) throw new SigmaError(`Sigma: the YAML does not parse: ${d.errors[0].message.split('\n')[0]}`);
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 100 });
    } catch (err) {
      throw new SigmaError(`Sigma: the YAML does not parse: ${(err as Error).message.split('\n')[0]}`);
    }
    if (js === null || js === undefined) continue;
    if (!isObj(js)) throw new SigmaError('Sigma: every YAML document must be a map (a rule)');
    if ('action' in js) throw new SigmaError('Sigma: rule collections with "action" (global/reset/repeat) are not supported');
    if ('filter' in js && !('detection' in js)) throw new SigmaError('Sigma: Sigma filters are not supported; use a rule exception');
    docs.push(js);
  }
  if (docs.length === 0) throw new SigmaError('Sigma: the YAML holds no rule');
  const corr = docs.filter((d) => 'correlation' in d);
  if (corr.length > 1) throw new SigmaError('Sigma: only one correlation per import');
  if (corr.length === 1) {
    if (!isObj(corr[0].correlation)) throw new SigmaError('Sigma: correlation must be a map');
    return correlation(corr[0], docs.filter((d) => d !== corr[0]));
  }
  if (docs.length > 1) throw new SigmaError('Sigma: several rules without a correlation; import them one at a time');
  const doc = docs[0];
  return { kind: 'match', meta: meta(doc), query: detectionQuery(doc), steps: [], labelled: [], groupBy: [], summary: '{rule} on {hostname}: {summary}' };
}

const cache = new Map<string, CompiledSigma | SigmaError>();
const CACHE_SIZE = 200;

/** Compiles (memoized: rules are parsed on validation, load and test) or throws a SigmaError. */
export function compileSigma(yamlText: string): CompiledSigma {
  let hit = cache.get(yamlText);
  if (!hit) {
    try {
      hit = compileUncached(yamlText);
    } catch (err) {
      if (!(err instanceof SigmaError)) throw err;
      hit = err;
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(yamlText, hit);
  }
  if (hit instanceof SigmaError) throw hit;
  return hit;
}
