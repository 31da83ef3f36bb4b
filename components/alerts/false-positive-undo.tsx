'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTRPCClient } from '../realtime/trpc';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/states';
import type { FalsePositiveDone } from './false-positive-dialog';

/** How long the Undo stays offered. */
const UNDO_MS = 20_000;

/**
 * After a false positive: says what happened (the row left the open list) and offers Undo, which
 * puts the alert back in its previous status and removes the exception that came with it.
 */
export function FalsePositiveUndo({ done, onFinished }: { done: FalsePositiveDone; onFinished: () => void }) {
  const client = useTRPCClient();
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  });
  const restore = useMutation({
    mutationFn: async () => {
      const back = (version: number) =>
        client.alerts.setStatus.mutate({ id: done.alertId, status: done.previousStatus, version });
      // Someone touched the alert since: restore the current version.
      await back(done.version).catch(async () => back((await client.alerts.get.query({ id: done.alertId })).version));
      if (done.exception)
        await client.rules.removeException.mutate({ ruleId: done.exception.ruleId, exceptionId: done.exception.id });
    },
    onSuccess: () => finished.current(),
  });
  useEffect(() => {
    if (restore.isPending || restore.isError) return;
    const t = setTimeout(() => finished.current(), UNDO_MS);
    return () => clearTimeout(t);
  }, [done, restore.isPending, restore.isError]);

  return (
    <div
      role="status"
      data-testid="fp-undo"
      className="fixed bottom-4 right-4 z-40 flex max-w-md items-start gap-3 rounded-lg border border-border bg-panel p-3 text-sm shadow-lg"
    >
      <div className="min-w-0 flex-1">
        <p>
          Marked <span className="break-words font-medium">{done.summary}</span> false positive
          {done.exception ? ' and added an exception' : ''}.
        </p>
        <ErrorText error={restore.error} />
      </div>
      <Button size="sm" variant="secondary" disabled={restore.isPending} onClick={() => restore.mutate()}>
        {restore.isPending ? 'Undoing…' : 'Undo'}
      </Button>
      <Button size="sm" variant="ghost" aria-label="Dismiss" onClick={() => finished.current()}>
        ✕
      </Button>
    </div>
  );
}
