// The Lucene query language: parse once, then compile to SQL (search) or to a matcher (streams).
// Both back ends implement the same semantics (equivalence.test.ts checks them against Postgres):
//
// - Operators: AND / && / implicit (adjacent clauses), OR / ||, NOT / ! / -x, +x = x.
//   Precedence NOT > AND > OR. Boosts (^2) are ignored; fuzzy/proximity (~) are rejected.
// - Fields: category source hostname processname processid severity summary tags id utctimestamp
//   receivedtimestamp are columns; `details.a.b` is a JSON path; any other name means details.<name>.
//   Paths walk JSON objects only (an array in the middle of a path never matches).
// - Terms and phrases: keyword columns exact and case-sensitive (severity case-insensitive);
//   summary / bare words: case-insensitive substring; tags: exact element; id: UUID;
//   details: exact JSON value (case-sensitive), where `22` matches 22 and "22", `true` matches
//   true and "true", and an array leaf matches when any element does. On dates: the whole
//   period the value denotes (`2026-11-22` = that day).
// - CIDR: an unquoted details term like `sourceipaddress:10.0.0.0/8` (or an IPv6 prefix) also
//   matches bare addresses inside that network (cidr.ts); quoted, it is only the literal text.
// - Wildcards (* ?): case-insensitive everywhere; anchored to the whole value, except on summary /
//   bare words where they match a substring. `field:*` = exists.
// - Regex (/.../): the Postgres ARE / JS RegExp common subset that RE2 also runs (see checkRegex);
//   anchored and case-sensitive, except on summary / bare words (unanchored, case-insensitive) and
//   severity. In memory, regexes and wildcards run on re2js (linear time, linear-regex.ts); in SQL
//   every user query runs under statement_timeout (PICKET_QUERY_TIMEOUT_MS).
// - Ranges: dates on timestamps (ISO or date math, rounded like Elasticsearch); numeric when every
//   bound is a plain decimal (matches JSON numbers and decimal strings, never casts other data);
//   otherwise lexical in code point order.
// - _exists_:field: a details path holding a non-null value; tags non-empty; columns always.
// - Non-ASCII case folding: in memory it is Unicode; in SQL it follows the database collation
//   (ASCII only under the "C" locale), so the two can differ for non-ASCII letters only.
export type {
  AndNode,
  ExistsNode,
  FieldRef,
  LeafNode,
  MatchAllNode,
  NotNode,
  OrNode,
  PhraseNode,
  QueryNode,
  RangeBound,
  RangeNode,
  RegexNode,
  TermNode,
  WildcardNode,
  WildcardPart,
} from './ast.ts';
export { formatQuery } from './ast.ts';
export { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, QuerySyntaxError, parseQuery } from './parse.ts';
export { compileToSql, type SqlFragment } from './compile-sql.ts';
export { compileMatcher, matchEvent, type EventMatcher } from './match-event.ts';
export { locateQueryError, type QueryErrorLocation } from './error-location.ts';
export { fieldEquals } from './build.ts';
