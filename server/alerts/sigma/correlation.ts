// A Sigma correlation document (with the rules it references in the same YAML) → the engine's
// threshold / cardinality / sequence windows. Group-by names are read per referenced rule: through
// `aliases` when the correlation defines one for that name, else by the rule's own logsource field
// mapping (so a CloudTrail group-by reads eventName or eventname, whichever the event has).
import type { QueryNode } from '../../store/query/ast.ts';
import { sigmaFields, type FieldStyle } from './field-mapping.ts';
import { SigmaError } from './sigma-error.ts';
import type { ChainRef, CompiledSigma, SigmaMeta } from './sigma-rule.ts';

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
  if (!xs.every((x) => typeof x === 'string' && x.length > 0))
    throw new SigmaError(`Sigma: ${what} must be a name or a list of names`);
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
  /** `neq`: a count that does not match (also judged per closed bucket). */
  exclude?: number;
}

const CONDITION_KEYS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];

/**
 * The count condition: one of `gt`, `gte`, `lt`, `lte`, `eq`, `neq`, or several ANDed into a range
 * (`{gt: 100, lte: 200}`). Without a lower bound the count must be at least 1: a group with no
 * event is never judged.
 */
function countBounds(cond: unknown, what: string, dflt?: number): CountBounds {
  if (cond === undefined && dflt !== undefined) return { min: dflt };
  if (!isObj(cond)) throw new SigmaError(`Sigma: ${what} correlation needs a condition like {gte: 10}`);
  let min = 1;
  let max: number | undefined;
  let exclude: number | undefined;
  let given = false;
  for (const [k, v] of Object.entries(cond)) {
    if (k === 'field') continue;
    if (!CONDITION_KEYS.includes(k))
      throw new SigmaError(`Sigma: the correlation condition "${k}" is not supported (gt, gte, lt, lte, eq, neq)`);
    if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > MAX_THRESHOLD) {
      throw new SigmaError(`Sigma: the correlation condition ${k} needs a whole number up to ${MAX_THRESHOLD}`);
    }
    given = true;
    if (k === 'neq') exclude = v;
    if (k === 'gt' || k === 'gte' || k === 'eq') min = Math.max(min, k === 'gt' ? v + 1 : v);
    if (k === 'lt' || k === 'lte' || k === 'eq') max = Math.min(max ?? Infinity, k === 'lt' ? v - 1 : v);
  }
  if (!given) throw new SigmaError(`Sigma: ${what} correlation needs a condition like {gte: 10}`);
  if (min > MAX_THRESHOLD)
    throw new SigmaError(`Sigma: the correlation condition needs a count up to ${MAX_THRESHOLD}`);
  if (exclude !== undefined && (exclude < min || (max !== undefined && exclude > max))) exclude = undefined; // outside the range anyway
  if ((max !== undefined && max < min) || (max === min && exclude === min)) {
    throw new SigmaError(
      'Sigma: the correlation condition can never hold (its upper bound is below its lower bound, or below 1)',
    );
  }
  return { min, ...(max !== undefined ? { max } : {}), ...(exclude !== undefined ? { exclude } : {}) };
}

/** Bounds as the engine takes them: an exclusion alone still needs a closed bucket, so it gets an open-ended upper bound. */
function engineBounds(b: CountBounds): { threshold: number; maxCount?: number; excludeCount?: number } {
  if (b.max === undefined && b.exclude === undefined) return { threshold: b.min };
  return { threshold: b.min, maxCount: b.max ?? Number.MAX_SAFE_INTEGER, excludeCount: b.exclude };
}

/**
 * temporal_ordered alerts when all N listed rules occurred in order, so its condition must hold for
 * N and for no smaller count (`gte: N`, `eq: N`, `gt: N-1`); anything else would ask for a part of
 * the order, which the specification leaves undefined.
 */
function orderedCondition(cond: unknown, n: number): void {
  if (cond === undefined) return;
  const b = countBounds(cond, 'a temporal_ordered', n);
  if (b.min !== n || (b.max !== undefined && b.max < n) || b.exclude === n) {
    throw new SigmaError(
      `Sigma: a temporal_ordered correlation alerts when all ${n} listed rules occur in order; its condition must hold for ${n} and for no fewer (gte: ${n} or eq: ${n})`,
    );
  }
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
      if (!refs.includes(rule))
        throw new SigmaError(
          `Sigma: correlation alias "${alias}" names "${rule}", which the correlation does not list in rules`,
        );
      if (typeof field !== 'string' || field === '')
        throw new SigmaError(`Sigma: correlation alias "${alias}" needs a field name for "${rule}"`);
      m.set(rule, field);
    }
    for (const r of refs)
      if (!m.has(r)) throw new SigmaError(`Sigma: correlation alias "${alias}" has no field for rule "${r}"`);
    out.set(alias, m);
  }
  return out;
}

/** A listed rule that is itself a correlation (a chain): its matches are what the outer one counts. */
export interface ReferencedCorrelation {
  doc: Doc;
  compiled: CompiledSigma;
  /** The inner correlation's own group-by names, in order (its group key's parts). */
  groupNames: string[];
}

export type Referenced = ReferencedRule | ReferencedCorrelation;
const isCorrelation = (r: Referenced): r is ReferencedCorrelation => 'compiled' in r;

/** Every base rule's query under a correlation, chains included: the events the whole rule looks at. */
function leafQueries(c: CompiledSigma): QueryNode[] {
  return c.chain ? c.chain.flatMap((r) => (r.inner ? leafQueries(r.inner) : [r.query!])) : [c.query];
}

/**
 * A chain's listed rules: a base rule reads the outer group-by from its events; a correlation
 * hands over its own group key, so each outer group-by name (or its alias for that rule) must be
 * one of the inner correlation's group-by names.
 */
function chainRefs(rules: Array<Referenced & { label: string }>, groupNames: string[], aliases: Aliases): ChainRef[] {
  return rules.map((r): ChainRef => {
    const names = groupNames.map((g) => aliases.get(g)?.get(r.label) ?? g);
    if (!isCorrelation(r))
      return { label: r.label, query: r.query, groupFields: names.map((n) => sigmaFields(n, r.style)) };
    const groupIndex = names.map((n) => {
      const j = r.groupNames.indexOf(n);
      if (j < 0)
        throw new SigmaError(
          `Sigma: the correlation groups by "${n}", which the correlation "${r.label}" it lists does not group by (chained correlations pass on only their own group-by values)`,
        );
      return j;
    });
    return { label: r.label, inner: r.compiled, groupIndex };
  });
}

export function compileCorrelation(doc: Doc, meta: SigmaMeta, resolve: (ref: string) => Referenced): CompiledSigma {
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
  const window = timespan(c.timespan);
  if (rules.some(isCorrelation)) return compileChain(c, type, meta, rules, groupNames, aliases, window);
  const plain = rules as Array<ReferencedRule & { label: string }>;
  // Per referenced rule, per group-by name: the Picket fields that may hold the value.
  const groupReaders = plain.map((r) => ({
    query: r.query,
    fields: groupNames.map((g) => sigmaFields(aliases.get(g)?.get(r.label) ?? g, r.style)),
  }));
  // Display: a group-by name every rule reads from one same field can be listed in the summary.
  const shown = groupNames
    .map((_, i) => groupReaders[0]?.fields[i])
    .filter((f, i) => f.length === 1 && groupReaders.every((g) => g.fields[i].length === 1 && g.fields[i][0] === f[0]));
  const groupBy = shown.length === groupNames.length ? shown.map((f) => f[0]) : [];
  const any: QueryNode = plain.length === 1 ? plain[0].query : { type: 'or', children: plain.map((l) => l.query) };
  const by = shown.map((f) => ` {values:${f[0]}}`).join('');
  const base = {
    meta,
    groupBy,
    groupReaders,
    window,
    steps: [] as QueryNode[],
    labelled: [] as CompiledSigma['labelled'],
  };
  switch (type) {
    case 'event_count': {
      const b = engineBounds(countBounds(c.condition, 'an event_count'));
      return { ...base, kind: 'threshold', query: any, ...b, summary: `{rule}: {count} events${by}` };
    }
    case 'value_count': {
      const cond = c.condition;
      if (!isObj(cond) || typeof cond.field !== 'string')
        throw new SigmaError('Sigma: a value_count correlation needs condition.field');
      const field = cond.field;
      const distinctFields = [...new Set(plain.flatMap((r) => sigmaFields(field, r.style)))];
      const b = engineBounds(countBounds(cond, 'a value_count'));
      return {
        ...base,
        kind: 'cardinality',
        query: any,
        distinct: distinctFields[0],
        distinctFields,
        ...b,
        summary: `{rule}: {distinct} distinct ${field} in {count} events${by}`,
      };
    }
    case 'temporal': {
      const b = engineBounds(temporalBounds(c.condition, refs));
      const labelled = plain.map((r) => ({ label: r.label, query: r.query }));
      return {
        ...base,
        kind: 'cardinality',
        query: any,
        labelled,
        ...b,
        summary: `{rule}: {distinct} of ${refs.length} rules matched in {count} events${by}`,
      };
    }
    case 'temporal_ordered':
      orderedRefs(c.condition, refs);
      return {
        ...base,
        kind: 'sequence',
        query: { type: 'matchAll' },
        steps: plain.map((l) => l.query),
        summary: `{rule}: sequence of ${refs.length} rules${by}`,
      };
    default:
      throw unknownType(type);
  }
}

function temporalBounds(cond: unknown, refs: string[]): CountBounds {
  if (new Set(refs).size !== refs.length) throw new SigmaError('Sigma: a temporal correlation lists a rule twice');
  const b = countBounds(cond, 'a temporal', refs.length);
  if (b.min > refs.length) throw new SigmaError('Sigma: a temporal condition cannot ask for more rules than it lists');
  return b;
}

function orderedRefs(cond: unknown, refs: string[]): void {
  orderedCondition(cond, refs.length);
  if (refs.length < 2 || refs.length > 10) throw new SigmaError('Sigma: temporal_ordered needs 2 to 10 rules');
}

const unknownType = (type: unknown) =>
  new SigmaError(
    `Sigma: correlation type "${String(type)}" is not supported (event_count, value_count, temporal, temporal_ordered)`,
  );

/**
 * A correlation over another correlation's matches: the engine counts "signals" (an event of a
 * listed base rule, or an alert-to-be of a listed correlation) per outer group key, with the same
 * window logic as an ordinary correlation (rule-state.ts, chain-state.ts).
 */
function compileChain(
  c: Doc,
  type: unknown,
  meta: SigmaMeta,
  rules: Array<Referenced & { label: string }>,
  groupNames: string[],
  aliases: Aliases,
  window: string,
): CompiledSigma {
  const refs = rules.map((r) => r.label);
  const chain = chainRefs(rules, groupNames, aliases);
  const leaves = chain.flatMap((r) => (r.inner ? leafQueries(r.inner) : [r.query!]));
  const query: QueryNode = leaves.length === 1 ? leaves[0] : { type: 'or', children: leaves };
  const base = {
    meta,
    groupBy: [],
    window,
    steps: [] as QueryNode[],
    labelled: [] as CompiledSigma['labelled'],
    query,
    chain,
  };
  switch (type) {
    case 'event_count':
      return {
        ...base,
        kind: 'threshold',
        ...engineBounds(countBounds(c.condition, 'an event_count')),
        summary: '{rule}: {count} events',
      };
    case 'value_count':
      throw new SigmaError(
        "Sigma: a value_count correlation over another correlation is not supported (a correlation's match has no single value of a field); use event_count or temporal",
      );
    case 'temporal':
      return {
        ...base,
        kind: 'cardinality',
        ...engineBounds(temporalBounds(c.condition, refs)),
        summary: `{rule}: {distinct} of ${refs.length} rules matched in {count} events`,
      };
    case 'temporal_ordered':
      orderedRefs(c.condition, refs);
      return { ...base, kind: 'sequence', summary: `{rule}: sequence of ${refs.length} rules` };
    default:
      throw unknownType(type);
  }
}
