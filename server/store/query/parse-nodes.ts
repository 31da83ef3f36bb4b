// Node construction and field-specific checks for the parser.
import type { FieldRef, QueryNode } from './ast.ts';
import { fieldInfo } from './fields.ts';
import { compileTime, TimeParseError } from '../time-range.ts';
import { AppError } from '../../errors/app-error.ts';

export class QuerySyntaxError extends AppError<'invalid_query'> {
  /** 0-based offset into the query string. */
  readonly position: number;
  constructor(message: string, position: number) {
    super('invalid_query', message);
    this.position = position;
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function rangeNode(
  field: FieldRef,
  lower: string | null,
  li: boolean,
  upper: string | null,
  ui: boolean,
): QueryNode {
  // `[* TO *]` is Elasticsearch's way of saying "has a value".
  if (lower === null && upper === null) return field === null ? { type: 'matchAll' } : { type: 'exists', field };
  return {
    type: 'range',
    field,
    lower: lower === null ? null : { value: lower, inclusive: li },
    upper: upper === null ? null : { value: upper, inclusive: ui },
  };
}

export function combine(type: 'and' | 'or', children: QueryNode[]): QueryNode {
  if (children.length === 1) return children[0];
  // (a AND b) AND c is a AND b AND c: flatten so long chains do not nest.
  const flat = children.flatMap((c) => (c.type === type ? c.children : [c]));
  return { type, children: flat };
}

/** Field-specific checks, so that compiling never fails later (and Postgres never sees a bad cast). */
export function validate(node: QueryNode, at: number): QueryNode {
  if (
    node.type === 'and' ||
    node.type === 'or' ||
    node.type === 'not' ||
    node.type === 'matchAll' ||
    node.type === 'exists' ||
    node.type === 'fieldRef'
  ) {
    return node;
  }
  const info = fieldInfo(node.field);
  const name = node.field;
  const fail = (msg: string): never => {
    throw new QuerySyntaxError(`${msg} at position ${at}`, at);
  };
  if (info.kind === 'id') {
    if (node.type === 'term' || node.type === 'phrase') {
      if (!UUID_RE.test(node.value)) fail(`Invalid UUID "${node.value}" for id`);
      return { ...node, value: node.value.toLowerCase() };
    }
    return fail('Only exact values are supported on id');
  }
  if (info.kind === 'date') {
    if (node.type === 'wildcard' || node.type === 'regex')
      return fail(`Wildcards and regular expressions are not supported on ${name}`);
    const values = node.type === 'range' ? [node.lower?.value, node.upper?.value] : [node.value];
    for (const v of values) {
      if (v === undefined) continue;
      try {
        compileTime(v);
      } catch (err) {
        if (err instanceof TimeParseError) fail(`${err.message} for ${name}`);
        throw err;
      }
    }
  }
  return node;
}
