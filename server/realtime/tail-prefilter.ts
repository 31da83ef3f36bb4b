import type { QueryNode } from '../store/query/index.ts';
import { fieldInfo } from '../store/query/fields.ts';

/** Columns whose exact value a tail can be indexed by (cheap to read off every event). */
export type IndexedColumn = 'category' | 'source' | 'hostname' | 'processname' | 'severity';
const INDEXABLE = new Set<string>(['category', 'source', 'hostname', 'processname', 'severity']);

export interface Prefilter {
  column: IndexedColumn;
  /** Every value a matching event may have in `column` (the matcher still decides). */
  values: string[];
}

/**
 * A necessary condition of the query on one keyword column: `category:auth AND …` can only match
 * events whose category is "auth", so such a tail is only offered those events. Returns null when
 * the query has no such condition (it then sees every event). Sound by construction: every branch
 * of an OR must constrain the same column, NOT is never looked into.
 */
export function prefilterOf(node: QueryNode): Prefilter | null {
  switch (node.type) {
    case 'term':
    case 'phrase': {
      if (node.field === null || !INDEXABLE.has(node.field)) return null;
      const info = fieldInfo(node.field);
      // severity matches case-insensitively: events are normalized to upper case, the index key too.
      const value = info.kind === 'keyword' && info.upper ? node.value.toUpperCase() : node.value;
      return { column: node.field as IndexedColumn, values: [value] };
    }
    case 'and': {
      // Any one constrained child suffices; prefer the narrowest.
      let best: Prefilter | null = null;
      for (const c of node.children) {
        const p = prefilterOf(c);
        if (p && (!best || p.values.length < best.values.length)) best = p;
      }
      return best;
    }
    case 'or': {
      const parts = node.children.map(prefilterOf);
      const first = parts[0];
      if (!first || parts.some((p) => !p || p.column !== first.column)) return null;
      return { column: first.column, values: [...new Set(parts.flatMap((p) => p!.values))] };
    }
    default:
      return null;
  }
}
