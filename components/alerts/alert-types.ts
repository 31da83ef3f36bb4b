import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';

type Out = inferRouterOutputs<AppRouter>;
export type AlertItem = Out['alerts']['list'][number];
export type AlertDetail = Out['alerts']['get'];
export type Assignee = Out['cases']['assignees'][number];
/** The console's filter as alerts.count and the bulk procedures take it. */
export type AlertListFilter = inferRouterInputs<AppRouter>['alerts']['count'];

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

export { caseSeverity } from '@/server/alerts/case-severity';
