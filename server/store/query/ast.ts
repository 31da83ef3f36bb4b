// The parsed form of a Lucene query string. Both back ends (SQL and in-memory) consume this, so
// every semantic decision that does not depend on the back end is made by the parser already.

/**
 * A canonical field name: one of the top-level event columns (`category`, `utctimestamp`, ...) or
 * `details.<path>` (bare unknown names are already rewritten to `details.<name>`). `null` is the
 * default field, searched like `summary` (free text).
 */
export type FieldRef = string | null;

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

/** `field:/pattern/`; the pattern is already checked to be in the JS/Postgres common subset. */
export interface RegexNode {
  type: 'regex';
  field: FieldRef;
  pattern: string;
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
  | ExistsNode;

export type LeafNode = TermNode | PhraseNode | WildcardNode | RegexNode | RangeNode | ExistsNode;

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
      return `${f(node.field)}=/${node.pattern}/`;
    case 'range': {
      const lo = node.lower ? `${node.lower.inclusive ? '[' : '{'}${node.lower.value}` : '[*';
      const hi = node.upper ? `${node.upper.value}${node.upper.inclusive ? ']' : '}'}` : '*]';
      return `${f(node.field)}:${lo} TO ${hi}`;
    }
    case 'exists':
      return `exists(${node.field})`;
  }
}
