// A Sigma YAML text (one rule, or a correlation rule plus the rules it references, as a
// multi-document YAML) → what Picket's engine runs: a query over events (Picket's query AST) and,
// for correlations, the threshold / cardinality / sequence form the engine already evaluates.
import { parseAllDocuments } from 'yaml';
import type { QueryNode } from '../../store/query/ast.ts';
import { compileCondition } from './condition.ts';
import { detectionItem, fieldMapper, type FieldMapper } from './detection.ts';
import { compileCorrelation, type Referenced } from './correlation.ts';
import { resolveLogsource, withLogsource } from './logsource.ts';
import { placeholderGeneration } from './placeholders.ts';
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
  /**
   * Correlations: per referenced rule (an event counts for the first it matches), per group-by
   * name, the fields that may hold the value (the first one present is read).
   */
  groupReaders?: Array<{ query: QueryNode; fields: string[][] }>;
  threshold?: number;
  /** A count with an upper bound (or `neq`): judged per fixed bucket when it closes. */
  maxCount?: number;
  /** `neq`: the count that does not alert. */
  excludeCount?: number;
  /** A chained correlation: the listed rules, some of them correlations (see ChainRef). */
  chain?: ChainRef[];
  window?: string;
  /** value_count: the Picket field whose distinct values are counted (the first of distinctFields). */
  distinct?: string;
  /** value_count: every spelling of that field across the referenced rules' logsources. */
  distinctFields?: string[];
  summary: string;
}

/**
 * One rule listed by a chained correlation: a base rule (its query, and per outer group-by name the
 * fields that may hold the value), or a correlation (compiled, and per outer group-by name which
 * part of its own group key holds the value).
 */
export interface ChainRef {
  label: string;
  query?: QueryNode;
  groupFields?: string[][];
  inner?: CompiledSigma;
  groupIndex?: number[];
}

/** Correlations nested deeper than this are refused (each level is a window of windows). */
const MAX_CHAIN_DEPTH = 3;

type Doc = Record<string, unknown>;
const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function meta(doc: Doc): SigmaMeta {
  const level = doc.level;
  let severity: string | undefined;
  if (level !== undefined) {
    const key = typeof level === 'string' ? level.toLowerCase() : undefined;
    severity = key !== undefined && Object.hasOwn(SIGMA_LEVELS, key) ? SIGMA_LEVELS[key] : undefined;
    if (!severity)
      throw new SigmaError(`Sigma: level "${String(level)}" is not one of ${Object.keys(SIGMA_LEVELS).join(', ')}`);
  }
  const tags = Array.isArray(doc.tags)
    ? doc.tags
        .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
        .map((t) => t.trim().slice(0, 100))
        .slice(0, 50)
    : [];
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
  if (timeframe !== undefined)
    throw new SigmaError(
      'Sigma: detection timeframe (legacy aggregation) is not supported; use a correlation rule with a timespan',
    );
  const logsource = resolveLogsource(doc.logsource);
  const mapField = fieldMapper(logsource.fields);
  const selections = new Map<string, QueryNode>();
  for (const [name, body] of Object.entries(named)) selections.set(name, selectionQuery(name, body, mapField));
  const conds =
    typeof condition === 'string'
      ? [condition]
      : Array.isArray(condition) && condition.every((c) => typeof c === 'string')
        ? (condition as string[])
        : null;
  if (!conds || conds.length === 0)
    throw new SigmaError('Sigma: detection.condition must be a string (or a list of strings)');
  const nodes = conds.map((c) => compileCondition(c, selections));
  return withLogsource(logsource, nodes.length === 1 ? nodes[0] : { type: 'or', children: nodes });
}

function selectionQuery(name: string, body: unknown, mapField: FieldMapper): QueryNode {
  const mapQuery = (m: Doc): QueryNode => {
    const entries = Object.entries(m);
    if (entries.length === 0) throw new SigmaError(`Sigma: selection "${name}" is empty`);
    const kids = entries.map(([k, v]) => detectionItem(k, v as never, mapField));
    return kids.length === 1 ? kids[0] : { type: 'and', children: kids };
  };
  if (isObj(body)) return mapQuery(body);
  if (Array.isArray(body)) {
    if (body.length === 0) throw new SigmaError(`Sigma: selection "${name}" is empty`);
    if (body.every(isObj)) {
      const kids = body.map(mapQuery);
      return kids.length === 1 ? kids[0] : { type: 'or', children: kids };
    }
    if (body.every((x) => !isObj(x) && !Array.isArray(x))) return detectionItem(null, body as never, mapField);
    throw new SigmaError(`Sigma: selection "${name}" mixes maps and plain values`);
  }
  if (typeof body === 'string' || typeof body === 'number') return detectionItem(null, body, mapField);
  throw new SigmaError(`Sigma: selection "${name}" must be a map, a list of maps or a list of keywords`);
}

function compileUncached(yamlText: string): CompiledSigma {
  if (yamlText.length > MAX_SIGMA_YAML)
    throw new SigmaError(`Sigma: the YAML is longer than ${MAX_SIGMA_YAML} characters`);
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
    if ('action' in js)
      throw new SigmaError('Sigma: rule collections with "action" (global/reset/repeat) are not supported');
    if ('filter' in js && !('detection' in js))
      throw new SigmaError('Sigma: Sigma filters are not supported; use a rule exception');
    docs.push(js);
  }
  if (docs.length === 0) throw new SigmaError('Sigma: the YAML holds no rule');
  const corr = docs.filter((d) => 'correlation' in d);
  for (const d of corr) if (!isObj(d.correlation)) throw new SigmaError('Sigma: correlation must be a map');
  if (corr.length > 0) return compileCorrelations(docs, corr);
  if (docs.length > 1) throw new SigmaError('Sigma: several rules without a correlation; import them one at a time');
  const doc = docs[0];
  return {
    kind: 'match',
    meta: meta(doc),
    query: detectionQuery(doc),
    steps: [],
    labelled: [],
    groupBy: [],
    summary: '{rule} on {hostname}: {summary}',
  };
}

const refsOf = (d: Doc): unknown[] => {
  const refs = (d.correlation as Doc).rules;
  return Array.isArray(refs) ? refs : [refs];
};

/**
 * The correlation no other correlation lists is the rule; the ones it lists (chains, as in the
 * specification's own example) compile into it, each with the base rules it lists.
 */
function compileCorrelations(docs: Doc[], corr: Doc[]): CompiledSigma {
  const find = (ref: string) => docs.find((r) => r.name === ref || r.id === ref);
  const listed = new Set(
    corr.flatMap((d) => refsOf(d).map((ref) => (typeof ref === 'string' ? find(ref) : undefined))),
  );
  const roots = corr.filter((d) => !listed.has(d));
  if (roots.length !== 1) {
    throw new SigmaError(
      roots.length === 0
        ? 'Sigma: the correlations in this YAML list each other in a cycle'
        : 'Sigma: several correlations in one YAML that do not chain into one (one must list the others); import them one at a time',
    );
  }
  const compileOne = (d: Doc, path: Doc[]): CompiledSigma => {
    if (path.length > MAX_CHAIN_DEPTH)
      throw new SigmaError(`Sigma: correlations chained more than ${MAX_CHAIN_DEPTH} deep are not supported`);
    const resolve = (ref: string): Referenced => {
      const target = find(ref);
      if (!target)
        throw new SigmaError(
          `Sigma: correlation rule references "${ref}", which is not in this YAML (add the rule as another document, separated by ---)`,
        );
      if (isObj(target.correlation)) {
        if (path.includes(target))
          throw new SigmaError(`Sigma: the correlation "${ref}" lists itself through a chain (a cycle)`);
        const compiled = compileOne(target, [...path, target]);
        const groupBy = (target.correlation as Doc)['group-by'];
        const groupNames = (
          Array.isArray(groupBy) ? groupBy : groupBy === undefined || groupBy === null ? [] : [groupBy]
        ).map(String);
        return { doc: target, compiled, groupNames };
      }
      return { doc: target, query: detectionQuery(target), style: resolveLogsource(target.logsource).fields };
    };
    return compileCorrelation(d, meta(d), resolve);
  };
  return compileOne(roots[0], [roots[0]]);
}

const cache = new Map<string, CompiledSigma | SigmaError>();
const CACHE_SIZE = 200;
let cachedGeneration = placeholderGeneration();

/** Compiles (memoized: rules are parsed on validation, load and test) or throws a SigmaError. */
export function compileSigma(yamlText: string): CompiledSigma {
  // A rule compiled against other placeholder values is stale.
  if (cachedGeneration !== placeholderGeneration()) {
    cache.clear();
    cachedGeneration = placeholderGeneration();
  }
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
