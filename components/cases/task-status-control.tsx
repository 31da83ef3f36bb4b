'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { TASK_STATUSES, type TaskRecord } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { Select } from '../ui/input';
import { errorMessage } from './case-format';

export const TASK_STATUS_LABEL: Record<TaskRecord['status'], string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

/**
 * A task's status: a versioned inline select for writers (a stale change is refused and says what the
 * task is now), plain text for readers. Used in the case room and on /tasks.
 */
export function TaskStatusControl({
  t,
  canWrite,
  refresh,
}: {
  t: Pick<TaskRecord, 'id' | 'title' | 'status' | 'version'>;
  canWrite: boolean;
  refresh: () => void;
}) {
  const trpc = useTRPC();
  const update = useMutation(trpc.cases.updateTask.mutationOptions());
  const [note, setNote] = useState<string | null>(null);
  if (!canWrite) return <span className="text-xs">{TASK_STATUS_LABEL[t.status]}</span>;
  return (
    <>
      <Select
        compact
        aria-label={`Status of ${t.title}`}
        value={t.status}
        disabled={update.isPending}
        onChange={(e) =>
          update.mutate(
            { id: t.id, version: t.version, status: e.target.value as TaskRecord['status'] },
            {
              onSuccess: (r) => {
                refresh();
                setNote(
                  r.status === 'conflict'
                    ? `Changed meanwhile by someone else (now ${TASK_STATUS_LABEL[r.current.status]}); choose again.`
                    : null,
                );
              },
            },
          )
        }
      >
        {TASK_STATUSES.map((s) => (
          <option key={s} value={s}>
            {TASK_STATUS_LABEL[s]}
          </option>
        ))}
      </Select>
      {(note || update.error) && (
        <p role="alert" className="mt-1 text-xs text-danger">
          {note ?? errorMessage(update.error)}
        </p>
      )}
    </>
  );
}
