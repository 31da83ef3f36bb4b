'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { ErrorText } from '../ui/states';
import type { RuleDetail, RuleListItem } from './rule-draft';

type Rule = Pick<RuleDetail | RuleListItem, 'id' | 'version' | 'enabled'> & { name?: unknown };

/** Enable/disable, clone and delete (with a confirmation) for one rule; admins only. */
export function RuleActions({
  rule,
  onChanged,
  compact,
}: {
  rule: Rule;
  onChanged?: (rec: RuleDetail) => void;
  compact?: boolean;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const [confirm, setConfirm] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.rules.pathKey() });
  const toggle = useMutation({
    mutationFn: () => client.rules.toggle.mutate({ id: rule.id, version: rule.version, enabled: !rule.enabled }),
    onSuccess: (rec) => onChanged?.({ ...rec, exceptions: [] } as unknown as RuleDetail),
    onSettled: refresh,
  });
  const clone = useMutation({
    mutationFn: () => client.rules.clone.mutate({ id: rule.id }),
    onSuccess: (rec) => (void refresh(), router.push(`/rules/${rec.id}`)),
  });
  const remove = useMutation({
    mutationFn: () => client.rules.remove.mutate({ id: rule.id }),
    onSuccess: () => (setConfirm(false), void refresh(), router.push('/rules')),
  });
  const name = String(rule.name ?? 'this rule');
  return (
    <div className="flex items-center gap-1.5">
      {!compact && (
        <Button
          size="sm"
          variant="secondary"
          onClick={() => toggle.mutate()}
          disabled={toggle.isPending}
          aria-pressed={rule.enabled}
        >
          {rule.enabled ? 'Disable' : 'Enable'}
        </Button>
      )}
      <Button
        size="sm"
        variant="secondary"
        onClick={() => clone.mutate()}
        disabled={clone.isPending}
        aria-label={`Clone ${name}`}
      >
        Clone
      </Button>
      <Button
        size="sm"
        variant="ghost"
        className="text-danger"
        onClick={() => setConfirm(true)}
        aria-label={`Delete ${name}`}
      >
        Delete
      </Button>
      <ErrorText error={toggle.error ?? clone.error} />
      <Dialog open={confirm} onOpenChange={setConfirm}>
        <DialogContent
          title="Delete rule?"
          description={`“${name}” stops alerting at once. Its past alerts stay; the rule cannot be restored from the UI.`}
        >
          <ErrorText error={remove.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setConfirm(false)}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
              Delete rule
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
