'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TaskRecord } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { Input, Label, Select } from '../ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { Empty } from '../ui/states';
import { errorMessage, formatTime, fromLocalInput } from './case-format';
import { ReadOnlyNote } from './conflict-notice';
import { TaskStatusControl } from './task-status-control';

export function TasksSection({
  caseId,
  tasks,
  canWrite,
  refresh,
}: {
  caseId: string;
  tasks: TaskRecord[];
  canWrite: boolean;
  refresh: () => void;
}) {
  const trpc = useTRPC();
  const people = useQuery(trpc.cases.assignees.queryOptions());
  const names = new Map((people.data ?? []).map((u) => [u.id, u.name || u.email]));
  return (
    <section aria-labelledby="tasks-heading" className="space-y-3">
      <h2 id="tasks-heading" className="sr-only">
        Tasks{' '}
        <span className="text-sm font-normal text-muted">
          ({tasks.filter((t) => t.status === 'open' || t.status === 'in_progress').length} open)
        </span>
      </h2>
      {canWrite ? <AddTask caseId={caseId} people={people.data ?? []} refresh={refresh} /> : <ReadOnlyNote />}
      {tasks.length === 0 ? (
        <Empty>No tasks yet.</Empty>
      ) : (
        <Table data-testid="tasks">
          <THead>
            <tr>
              <Th>Task</Th>
              <Th>Assignee</Th>
              <Th>Due</Th>
              <Th>Status</Th>
            </tr>
          </THead>
          <TBody>
            {tasks.map((t) => (
              <TaskRow
                key={t.id}
                t={t}
                assignee={t.assigneeId ? (names.get(t.assigneeId) ?? 'former user') : 'Unassigned'}
                canWrite={canWrite}
                refresh={refresh}
              />
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}

function TaskRow({
  t,
  assignee,
  canWrite,
  refresh,
}: {
  t: TaskRecord;
  assignee: string;
  canWrite: boolean;
  refresh: () => void;
}) {
  const overdue = t.dueAt && (t.status === 'open' || t.status === 'in_progress') && Date.parse(t.dueAt) < Date.now();
  return (
    <Tr id={`task-${t.id}`} data-task={t.title} className="scroll-mt-24 data-[anchored=true]:bg-accent/10">
      <Td className={t.status === 'done' || t.status === 'cancelled' ? 'text-muted line-through' : ''}>{t.title}</Td>
      <Td className="text-xs">{assignee}</Td>
      <Td className={overdue ? 'text-xs font-semibold text-danger' : 'text-xs text-muted'}>{formatTime(t.dueAt)}</Td>
      <Td>
        <TaskStatusControl t={t} canWrite={canWrite} refresh={refresh} />
      </Td>
    </Tr>
  );
}

function AddTask({
  caseId,
  people,
  refresh,
}: {
  caseId: string;
  people: Array<{ id: string; name: string; email: string }>;
  refresh: () => void;
}) {
  const trpc = useTRPC();
  const add = useMutation(trpc.cases.addTask.mutationOptions());
  const [title, setTitle] = useState('');
  const [assigneeId, setAssignee] = useState('');
  const [due, setDue] = useState('');
  return (
    <form
      aria-label="Add task"
      className="flex flex-wrap items-end gap-2 rounded-lg border border-border bg-panel p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim())
          add.mutate(
            { caseId, title, assigneeId: assigneeId || null, dueAt: fromLocalInput(due) },
            { onSuccess: () => (setTitle(''), setDue(''), refresh()) },
          );
      }}
    >
      <div className="min-w-56 flex-1">
        <Label htmlFor="task-title">New task</Label>
        <Input id="task-title" className="h-8 text-xs" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div>
        <Label htmlFor="task-assignee">Assignee</Label>
        <Select id="task-assignee" compact value={assigneeId} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">Unassigned</option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name || u.email}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="task-due">Due</Label>
        <Input
          id="task-due"
          type="datetime-local"
          className="h-8 w-48 text-xs"
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
      </div>
      <Button type="submit" size="sm" disabled={add.isPending || !title.trim()}>
        Add task
      </Button>
      {add.error && (
        <p role="alert" className="w-full text-xs text-danger">
          {errorMessage(add.error)}
        </p>
      )}
    </form>
  );
}
