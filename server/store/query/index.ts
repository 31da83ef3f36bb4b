// The Lucene query language: parse once, then compile to SQL (search) or to a matcher (streams).
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
