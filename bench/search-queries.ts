// The search workload: each query as Lucene for the API and as the hand-written SQL that answers
// the same question over the same table (the floor the API is compared with).
import type { Pools } from './generate-events.ts';
import { rng } from './generate-events.ts';

export type SearchKind = 'term' | 'free-text' | 'range-24h' | 'aggregation' | 'pattern';
/** `pattern` (leading wildcards and regexes) has no floor: it checks the time limit (search-pattern.ts). */
export const SEARCH_KINDS: readonly SearchKind[] = ['term', 'free-text', 'range-24h', 'aggregation', 'pattern'];
export type FloorKind = Exclude<SearchKind, 'pattern'>;

/** One condition, rendered both ways. */
type Cond =
  | { t: 'json'; key: string; value: string } // details.<key>:<value>
  | { t: 'col'; col: 'category' | 'hostname'; value: string }
  | { t: 'text'; text: string }; // free text on summary: a phrase or a bare word

export interface SearchQuery {
  kind: SearchKind;
  variant: string;
  q: string;
  conds: Cond[];
  aggregate?: { field: string; size: number };
}

export const PAGE_SIZE = 50;
/** The API counts up to this many matches (Elasticsearch's track_total_hits default); the floor does too. */
export const TOTAL_CAP = 10_000;
const COLUMNS =
  'id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid, severity, summary, tags, details';

function lucene(c: Cond): string {
  if (c.t === 'json') return `details.${c.key}:${c.value}`;
  if (c.t === 'col') return `${c.col}:${c.value}`;
  return c.text.includes(' ') ? `"${c.text}"` : c.text;
}

function build(kind: SearchKind, variant: string, conds: Cond[], aggregate?: SearchQuery['aggregate']): SearchQuery {
  return { kind, variant, conds, q: conds.map(lucene).join(' AND '), aggregate };
}

/** ~`perKind` queries of each kind with varied values, deterministic for a given seed. */
export function buildQueries(pools: Pools, perKind: number, seed = 7): Record<FloorKind, SearchQuery[]> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  // Half heavy hitters (the Zipf head: many matches), half anywhere in the pool (a handful).
  const ip = (i: number) => (i % 2 === 0 ? pools.sourceIps[Math.floor(r() * 20)] : pick(pools.sourceIps));
  const phrases = ['Failed password', 'Invalid user', 'Accepted publickey', 'Connection closed'];
  const out: Record<FloorKind, SearchQuery[]> = { term: [], 'free-text': [], 'range-24h': [], aggregation: [] };
  for (let i = 0; i < perKind; i++) {
    const v = i % 3;
    out.term.push(
      v === 0
        ? build('term', 'sourceipaddress', [{ t: 'json', key: 'sourceipaddress', value: ip(i) }])
        : v === 1
          ? build('term', 'category', [{ t: 'col', col: 'category', value: pick(pools.categories) }])
          : build('term', 'hostname', [{ t: 'col', col: 'hostname', value: pick(pools.hostnames) }]),
    );
    const phrase: Cond = { t: 'text', text: phrases[i % phrases.length] };
    out['free-text'].push(
      i % 2 === 1
        ? build('free-text', 'rare-word', [{ t: 'text', text: pools.rareWords[(i >> 1) % pools.rareWords.length] }])
        : i % 4 === 0
          ? build('free-text', 'phrase+hostname', [phrase, { t: 'col', col: 'hostname', value: pick(pools.hostnames) }])
          : build('free-text', 'phrase+sourceip', [phrase, { t: 'json', key: 'sourceipaddress', value: ip(i) }]),
    );
    out['range-24h'].push(build('range-24h', 'match-all', []));
    out.aggregation.push(build('aggregation', 'top10-sourceip', [], { field: 'details.sourceipaddress', size: 10 }));
  }
  return out;
}

/** The API request for `q` over [from, to], the same window the floor is given. */
export function apiPath(q: SearchQuery, from: Date, to: Date): string {
  const enc = encodeURIComponent(q.q);
  const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  if (q.aggregate)
    return `/api/v1/events/aggregate?q=${enc}&field=${encodeURIComponent(q.aggregate.field)}&size=${q.aggregate.size}&${range}`;
  return `/api/v1/events?q=${enc}&${range}&size=${PAGE_SIZE}`;
}

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * The floor, written by hand for this schema: containment (@>) so the jsonb_path_ops GIN index
 * serves details terms, plain equality on the btree'd columns, ILIKE for free text (case-insensitive
 * substring, as close to an analyzed phrase match as plain SQL gets). A search is two statements
 * run in parallel, as the API must answer both: the newest page and a total capped at TOTAL_CAP.
 */
export function floorSql(q: SearchQuery, from: Date, to: Date): SqlStatement[] {
  const values: unknown[] = [from.toISOString(), to.toISOString()];
  const where = ['utctimestamp >= $1::timestamptz', 'utctimestamp <= $2::timestamptz'];
  for (const c of q.conds) {
    if (c.t === 'json') {
      values.push(JSON.stringify({ [c.key]: c.value }));
      where.push(`details @> $${values.length}::jsonb`);
    } else if (c.t === 'col') {
      values.push(c.value);
      where.push(`${c.col} = $${values.length}`);
    } else {
      values.push(`%${c.text.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
      where.push(`summary ILIKE $${values.length}`);
    }
  }
  const w = where.join(' AND ');
  if (q.aggregate) {
    const key = q.aggregate.field.replace(/^details\./, '');
    values.push(key);
    const k = `$${values.length}`;
    return [
      {
        text: `SELECT details->>${k}::text AS key, count(*)::int AS count FROM events WHERE ${w} AND details ? ${k}::text
               GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${q.aggregate.size}`,
        values,
      },
    ];
  }
  return [
    { text: `SELECT ${COLUMNS} FROM events WHERE ${w} ORDER BY utctimestamp DESC, id DESC LIMIT ${PAGE_SIZE}`, values },
    { text: `SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE ${w} LIMIT ${TOTAL_CAP + 1}) t`, values },
  ];
}
