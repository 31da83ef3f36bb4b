// Grouping "my tasks" by when they are due, relative to now in the viewer's zone. Pure for tests.

export type DueGroup = 'Overdue' | 'Due today' | 'Due this week' | 'Later' | 'No due date' | 'Finished';
export const DUE_GROUPS: readonly DueGroup[] = [
  'Overdue',
  'Due today',
  'Due this week',
  'Later',
  'No due date',
  'Finished',
];

const DAY = 86_400_000;

export function dueGroup(dueAt: string | null, now: Date): DueGroup {
  if (!dueAt) return 'No due date';
  const due = Date.parse(dueAt);
  if (due < now.getTime()) return 'Overdue';
  const endOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  if (due < endOfToday) return 'Due today';
  if (due < endOfToday + 6 * DAY) return 'Due this week';
  return 'Later';
}

/**
 * Groups in DUE_GROUPS order, empty ones left out; items keep their order (soonest due first from
 * the server). Done and cancelled tasks are 'Finished', whatever their due date.
 */
export function groupByDue<T extends { dueAt: string | null; status: string }>(
  items: T[],
  now: Date,
): Array<{ group: DueGroup; items: T[] }> {
  const by = new Map<DueGroup, T[]>();
  for (const t of items) {
    const g = t.status === 'done' || t.status === 'cancelled' ? 'Finished' : dueGroup(t.dueAt, now);
    by.set(g, [...(by.get(g) ?? []), t]);
  }
  return DUE_GROUPS.filter((g) => by.has(g)).map((group) => ({ group, items: by.get(group)! }));
}

export function isOverdue(t: { dueAt: string | null; status: string }, now: Date): boolean {
  return !!t.dueAt && (t.status === 'open' || t.status === 'in_progress') && Date.parse(t.dueAt) < now.getTime();
}
