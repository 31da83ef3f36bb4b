'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { Input, Label } from '../ui/input';
import { ErrorText } from '../ui/states';
import { exceptionQuery, type AlertItem } from './alert-types';

/**
 * Marks an alert false positive and offers an exception for its rule ("not when …"), prefilled
 * from the alert's group key and editable; unticking the box skips it.
 */
export function FalsePositiveDialog({ alert, onClose }: { alert: AlertItem; onClose: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const rule = useQuery({ ...trpc.rules.get.queryOptions({ id: alert.ruleId ?? '' }), enabled: !!alert.ruleId });
  const [addException, setAddException] = useState(!!alert.ruleId);
  const [query, setQuery] = useState('');
  const [comment, setComment] = useState(`False positive: ${alert.summary}`.slice(0, 2000));
  const groupBy = (rule.data as Record<string, unknown> | undefined)?.groupBy;
  useEffect(() => {
    if (Array.isArray(groupBy)) setQuery((q) => q || exceptionQuery(groupBy as string[], alert.groupKey));
  }, [groupBy, alert.groupKey]);

  const save = useMutation({
    mutationFn: async () => {
      if (addException && alert.ruleId) await client.rules.addException.mutate({ ruleId: alert.ruleId, query: query.trim(), comment });
      await client.alerts.setStatus.mutate({ id: alert.id, status: 'falsepositive', version: alert.version });
    },
    onSuccess: onClose,
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
                    <Input id="fp-query" className="font-mono" required value={query} onChange={(e) => setQuery(e.target.value)} placeholder="details.sourceipaddress:10.0.0.0/8" />
                    {!rule.isPending && !query && <p className="mt-1 text-xs text-muted">The rule has no group-by fields: write the condition that makes this benign.</p>}
                  </div>
                  <div>
                    <Label htmlFor="fp-comment">Why</Label>
                    <Input id="fp-comment" maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
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
              {save.isPending ? 'Saving…' : addException ? 'Mark false positive and add exception' : 'Mark false positive'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
