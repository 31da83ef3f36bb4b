'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { Input, Label } from '../ui/input';
import { ErrorText } from '../ui/states';
import { exceptionQuery, type AlertItem } from './alert-types';
import { DEFAULT_EXPIRY, ExpirySelect, expiryToIso } from './exception-expiry';

/** What the console needs to undo a false positive: the status before and the exception added. */
export interface FalsePositiveDone {
  alertId: string;
  summary: string;
  previousStatus: AlertItem['status'];
  version: number;
  exception?: { ruleId: string; id: string };
}

/**
 * Confirms marking an alert false positive and offers an exception for its rule ("not when …"),
 * prefilled from the alert's group key and editable. The exception is opt-in and expires (30 days
 * unless another choice, "never" included, is picked).
 */
export function FalsePositiveDialog({
  alert,
  onClose,
  onDone,
}: {
  alert: AlertItem;
  onClose: () => void;
  onDone: (d: FalsePositiveDone) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const rule = useQuery({ ...trpc.rules.get.queryOptions({ id: alert.ruleId ?? '' }), enabled: !!alert.ruleId });
  const [addException, setAddException] = useState(false);
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY);
  const [query, setQuery] = useState('');
  const [comment, setComment] = useState(`False positive: ${alert.summary}`.slice(0, 2000));
  const groupBy = (rule.data as Record<string, unknown> | undefined)?.groupBy;
  useEffect(() => {
    if (Array.isArray(groupBy)) setQuery((q) => q || exceptionQuery(groupBy as string[], alert.groupKey));
  }, [groupBy, alert.groupKey]);

  const save = useMutation({
    mutationFn: async (): Promise<FalsePositiveDone> => {
      const x =
        addException && alert.ruleId
          ? await client.rules.addException.mutate({
              ruleId: alert.ruleId,
              query: query.trim(),
              comment,
              expiresAt: expiryToIso(expiry),
            })
          : undefined;
      const after = await client.alerts.setStatus.mutate({
        id: alert.id,
        status: 'falsepositive',
        version: alert.version,
      });
      return {
        alertId: alert.id,
        summary: alert.summary,
        previousStatus: alert.status,
        version: after.version,
        exception: x && { ruleId: x.ruleId, id: x.id },
      };
    },
    onSuccess: (d) => (onDone(d), onClose()),
  });

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title="Mark as false positive" className="w-[min(600px,calc(100vw-2rem))]">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <p className="text-sm text-muted">
            Alert: <span className="text-fg">{alert.summary}</span>
          </p>
          {alert.ruleId ? (
            <>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={addException} onChange={(e) => setAddException(e.target.checked)} />
                Also add an exception to the rule <strong>{alert.ruleName}</strong>
              </label>
              {addException && (
                <>
                  <div>
                    <Label htmlFor="fp-query">Never alert when (Lucene query)</Label>
                    <Input
                      id="fp-query"
                      className="font-mono"
                      required
                      value={query}
                      onChange={(e) => setQuery(e.target.value)}
                      placeholder="details.sourceipaddress:10.0.0.0/8"
                    />
                    {!rule.isPending && !query && (
                      <p className="mt-1 text-xs text-muted">
                        The rule has no group-by fields: write the condition that makes this benign.
                      </p>
                    )}
                  </div>
                  <div className="flex flex-wrap items-end gap-3">
                    <div className="min-w-60 flex-1">
                      <Label htmlFor="fp-comment">Why</Label>
                      <Input
                        id="fp-comment"
                        maxLength={2000}
                        value={comment}
                        onChange={(e) => setComment(e.target.value)}
                      />
                    </div>
                    <ExpirySelect id="fp-expiry" value={expiry} onChange={setExpiry} />
                  </div>
                </>
              )}
            </>
          ) : (
            <p className="text-sm text-muted">Its rule was deleted, so no exception can be added.</p>
          )}
          <ErrorText error={save.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending
                ? 'Saving…'
                : addException
                  ? 'Mark false positive and add exception'
                  : 'Mark false positive'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
