import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';

type Out = inferRouterOutputs<AppRouter>;
export type AlertItem = Out['alerts']['list'][number];
export type AlertDetail = Out['alerts']['get'];
export type Assignee = Out['cases']['assignees'][number];

/** What the signed-in role may do on the console (from the permission table, decided on the server). */
export interface ConsoleAbilities {
  canWrite: boolean;
  canEscalate: boolean;
}

/** Lucene for "this alert's group": groupBy fields zipped with the displayed key ("a / b"). */
export function exceptionQuery(groupBy: readonly string[], groupKey: string): string {
  if (groupBy.length === 0 || !groupKey) return '';
  const values = groupBy.length === 1 ? [groupKey] : groupKey.split(' / ');
  return groupBy
    .map((f, i) => {
      const v = values[i] ?? '';
      return `${f}:${/^[A-Za-z0-9_.:@-]+$/.test(v) ? v : JSON.stringify(v)}`;
    })
    .join(' AND ');
}

/** Alert severity (syslog levels) → case severity. */
export function caseSeverity(severity: string): 'low' | 'medium' | 'high' | 'critical' {
  const s = severity.toUpperCase();
  if (s === 'CRITICAL' || s === 'ALERT' || s === 'EMERGENCY') return 'critical';
  if (s === 'ERROR') return 'high';
  if (s === 'WARNING') return 'medium';
  return 'low';
}
