import type { QuerySyntaxError } from './parse-nodes.ts';

/** Where a query is wrong, in the forms an editor needs: offset for ranges, line/column for people. */
export interface QueryErrorLocation {
  /** The full message, e.g. `Expected a value after "category:" at position 9`. */
  message: string;
  /** The message without the trailing position, for display next to a marker. */
  reason: string;
  /** 0-based UTF-16 offset into the query (what JS string indexes and editors use). */
  offset: number;
  /** 1-based line and column of `offset` (queries may span lines). */
  line: number;
  column: number;
}

export function locateQueryError(src: string, err: QuerySyntaxError): QueryErrorLocation {
  const offset = Math.max(0, Math.min(err.position, src.length));
  const before = src.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const reason = err.message.replace(/ (starting )?at position \d+$/, '').replace(/ at position \d+/, '');
  return { message: err.message, reason, offset, line, column: offset - lineStart + 1 };
}
