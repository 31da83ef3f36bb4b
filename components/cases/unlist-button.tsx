'use client';

import { useMutation } from '@tanstack/react-query';
import type { IndicatorWatchItem } from '@/server/cases/indicator-actions';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { errorMessage } from './case-format';

/** Unblock (block lists) or Unwatch (watchlist) an indicator from the room; the timeline records it. */
export function UnlistButton({
  caseId,
  indicatorId,
  item,
  onDone,
}: {
  caseId: string;
  indicatorId: string;
  item: IndicatorWatchItem;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const remove = useMutation(trpc.cases.indicatorRemove.mutationOptions());
  const label = item.list === 'watchlist' ? 'Unwatch' : 'Unblock';
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        disabled={remove.isPending}
        aria-label={`${label} ${item.value}`}
        onClick={() => remove.mutate({ caseId, indicatorId, itemId: item.id }, { onSuccess: onDone })}
      >
        {label}
      </Button>
      {remove.error && (
        <span role="alert" className="text-xs text-danger">
          {errorMessage(remove.error)}
        </span>
      )}
    </>
  );
}
