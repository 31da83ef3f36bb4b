'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { TaskRecord } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { useMyChanges } from '../inbox/use-my-changes';
import { KIND_LABEL, KIND_PATH, formatTime } from '../cases/case-format';
import { TaskStatusControl } from '../cases/task-status-control';
import { cn } from '../ui/cn';
import { Empty, ErrorText, Loading } from '../ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { groupByDue, isOverdue } from './task-groups';

const FILTERS = [
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
  { value: 'all', label: 'All' },
] as const;
type Filter = (typeof FILTERS)[number]['value'];

/** /tasks: tasks assigned to me across incidents and investigations, grouped by due date, live. */
export function MyTasksPage({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>('open');
  const tasks = useQuery(trpc.cases.myTasksByStatus.queryOptions({ status: filter }));
  // A task of mine changed anywhere: refetch my task lists (all filters; only mounted ones fetch).
  useMyChanges('tasks', () => void queryClient.invalidateQueries({ queryKey: trpc.cases.myTasksByStatus.queryKey() }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.cases.myTasksByStatus.queryKey() });
  const now = new Date();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-xl font-semibold">My tasks</h1>
        <div role="radiogroup" aria-label="Show tasks" className="flex rounded-md border border-border p-0.5 text-sm">
          {FILTERS.map((f) => (
            // biome-ignore lint/a11y/useSemanticElements: a segmented control of buttons; radio inputs would need their own styling and labels
            <button
              key={f.value}
              type="button"
              role="radio"
              aria-checked={filter === f.value}
              onClick={() => setFilter(f.value)}
              className={cn(
                'cursor-pointer rounded px-2.5 py-1',
                filter === f.value ? 'bg-panel-2 font-medium text-fg' : 'text-muted hover:text-fg',
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {tasks.isPending ? (
        <Loading label="Loading your tasks…" />
      ) : tasks.isError ? (
        <ErrorText error={tasks.error} />
      ) : tasks.data.length === 0 ? (
        <Empty>
          {filter === 'open'
            ? 'No open tasks assigned to you. Tasks assigned to you in any incident or investigation show up here.'
            : filter === 'done'
              ? 'No finished tasks yet.'
              : 'No tasks assigned to you.'}
        </Empty>
      ) : (
        groupByDue(tasks.data, now).map(({ group, items }) => (
          <section key={group} aria-label={group} className="space-y-1.5">
            <h2 className={cn('text-sm font-semibold', group === 'Overdue' ? 'text-danger' : 'text-muted')}>
              {group} <span className="font-normal">({items.length})</span>
            </h2>
            <Table>
              <THead>
                <tr>
                  <Th>Task</Th>
                  <Th>Case</Th>
                  <Th className="w-40">Due</Th>
                  <Th className="w-44">Status</Th>
                </tr>
              </THead>
              <TBody>
                {items.map((t) => (
                  <TaskRow key={t.id} t={t} overdue={isOverdue(t, now)} canWrite={canWrite} refresh={refresh} />
                ))}
              </TBody>
            </Table>
          </section>
        ))
      )}
    </div>
  );
}

type MyTask = TaskRecord & { caseKind: 'incident' | 'investigation'; caseSummary: string };

function TaskRow({
  t,
  overdue,
  canWrite,
  refresh,
}: {
  t: MyTask;
  overdue: boolean;
  canWrite: boolean;
  refresh: () => void;
}) {
  const finished = t.status === 'done' || t.status === 'cancelled';
  return (
    <Tr data-task={t.title} data-overdue={overdue || undefined}>
      <Td className={finished ? 'text-muted line-through' : 'font-medium'}>{t.title}</Td>
      <Td className="text-xs">
        <Link href={`${KIND_PATH[t.caseKind]}/${t.caseId}?entry=task-${t.id}`} className="text-accent underline">
          {t.caseSummary}
        </Link>
        <span className="ml-1 text-muted">({KIND_LABEL[t.caseKind].one.toLowerCase()})</span>
      </Td>
      <Td className={overdue ? 'text-xs font-semibold text-danger' : 'text-xs text-muted'}>
        {formatTime(t.dueAt)}
        {overdue && <span className="ml-1">overdue</span>}
      </Td>
      <Td>
        <TaskStatusControl t={t} canWrite={canWrite} refresh={refresh} />
      </Td>
    </Tr>
  );
}
