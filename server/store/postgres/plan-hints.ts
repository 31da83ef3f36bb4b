import type { QueryNode } from '../query/index.ts';

const isFreeText = (n: QueryNode): boolean =>
  (n.type === 'term' || n.type === 'phrase' || n.type === 'wildcard' || n.type === 'regex') &&
  (n.field === null || n.field === 'summary');

function containsFreeText(n: QueryNode): boolean {
  if (isFreeText(n)) return true;
  if (n.type === 'and' || n.type === 'or') return n.children.some(containsFreeText);
  if (n.type === 'not') return containsFreeText(n.child);
  return false;
}

/**
 * Free text ANDed with another condition: the planner guesses the two independent and walks the
 * utctimestamp index backwards filtering every row when they rarely co-occur (1.1 s at 1M events,
 * docs/storage.md). Ordering by an expression the index cannot provide makes it use the bitmap
 * of the other condition instead (42 ms). Only this shape: for plain terms it costs more.
 */
export function avoidIndexOrder(query: QueryNode): boolean {
  return (
    query.type === 'and' && query.children.some(containsFreeText) && query.children.some((c) => !containsFreeText(c))
  );
}
