// The parsed form of a Lucene query string. Both back ends (SQL and in-memory) consume this, so
// every semantic decision that does not depend on the back end is made by the parser already.

/**
 * A canonical field name: one of the top-level event columns (`category`, `utctimestamp`, ...) or
 * `details.<path>` (bare unknown names are already rewritten to `details.<name>`). `null` is the
 * default field, searched like `summary` (free text). ANY_FIELD (never produced by the Lucene
 * parser, whose names cannot hold `*`) is every text value of the event: Sigma keywords.
 */
export type FieldRef = string | null;

export const ANY_FIELD = '*';

export interface MatchAllNode {
  type: 'matchAll';
}

export interface AndNode {
  type: 'and';
  children: QueryNode[];
}

export interface OrNode {
  type: 'or';
  children: QueryNode[];
}

export interface NotNode {
  type: 'not';
  child: QueryNode;
}

/** An unquoted value (escapes already removed). */
export interface TermNode {
  type: 'term';
  field: FieldRef;
  value: string;
}

/** A quoted value: same matching as a term, but never a wildcard, range or operator. */
export interface PhraseNode {
  type: 'phrase';
  field: FieldRef;
  value: string;
}

/** Literal text, or an unescaped `*` (any run of characters) / `?` (exactly one character). */
export type WildcardPart = { kind: 'literal'; text: string } | { kind: 'any' } | { kind: 'one' };

export interface WildcardNode {
  type: 'wildcard';
  field: FieldRef;
  parts: WildcardPart[];
}

/**
 * Options Lucene cannot write (Sigma's `|re|i`, `|re|m`): `ignoreCase` matches case-insensitively
 * on any field; `multiline` lets `^` and `$` also match at line breaks, the whole-value anchors
 * included, so a multiline pattern is meant for an unanchored search (`.*(?:…).*`).
 */
export interface RegexFlags {
  ignoreCase?: boolean;
  multiline?: boolean;
}

/** `field:/pattern/`; the pattern is already checked to be in the JS/Postgres common subset. */
export interface RegexNode {
  type: 'regex';
  field: FieldRef;
  pattern: string;
  flags?: RegexFlags;
}

/**
 * Two fields hold the same value (Sigma's `|fieldref`): the text of a scalar in each (columns, or a
 * details leaf that is a string, number or boolean; arrays never match), compared exactly, or with
 * ASCII letters folded when `ignoreCase` (Postgres `lower()` under "C" folds only those).
 */
export interface FieldRefNode {
  type: 'fieldRef';
  field: string;
  other: string;
  ignoreCase: boolean;
}

/** Bound values stay text: relative dates (`now-1h`) are resolved when the query runs. */
export interface RangeBound {
  value: string;
  inclusive: boolean;
}

/** `null` bound = open end (`*`); the parser never produces a range with both ends open. */
export interface RangeNode {
  type: 'range';
  field: FieldRef;
  lower: RangeBound | null;
  upper: RangeBound | null;
}

/** `_exists_:field` or `field:*`. */
export interface ExistsNode {
  type: 'exists';
  field: string;
}

export type QueryNode =
  | MatchAllNode
  | AndNode
  | OrNode
  | NotNode
  | TermNode
  | PhraseNode
  | WildcardNode
  | RegexNode
  | RangeNode
  | ExistsNode
  | FieldRefNode;

export type LeafNode = TermNode | PhraseNode | WildcardNode | RegexNode | RangeNode | ExistsNode | FieldRefNode;

export function wildcardText(parts: WildcardPart[]): string {
  return parts
    .map((p) => (p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : p.text.replace(/[\\*?]/g, '\\$&')))
    .join('');
}

/** A compact, stable rendering for tests, logs and error reports (not meant to be re-parsed). */
export function formatQuery(node: QueryNode): string {
  const f = (field: FieldRef) => field ?? '_';
  switch (node.type) {
    case 'matchAll':
      return '*';
    case 'and':
    case 'or':
      return `${node.type}(${node.children.map(formatQuery).join(', ')})`;
    case 'not':
      return `not(${formatQuery(node.child)})`;
    case 'term':
      return `${f(node.field)}=${node.value}`;
    case 'phrase':
      return `${f(node.field)}=${JSON.stringify(node.value)}`;
    case 'wildcard':
      return `${f(node.field)}~${wildcardText(node.parts)}`;
    case 'regex':
      return `${f(node.field)}=/${node.pattern}/${node.flags?.ignoreCase ? 'i' : ''}${node.flags?.multiline ? 'm' : ''}`;
    case 'range': {
      const lo = node.lower ? `${node.lower.inclusive ? '[' : '{'}${node.lower.value}` : '[*';
      const hi = node.upper ? `${node.upper.value}${node.upper.inclusive ? ']' : '}'}` : '*]';
      return `${f(node.field)}:${lo} TO ${hi}`;
    }
    case 'exists':
      return `exists(${node.field})`;
    case 'fieldRef':
      return `${node.field}==${node.other}${node.ignoreCase ? '' : ' (cased)'}`;
  }
}
