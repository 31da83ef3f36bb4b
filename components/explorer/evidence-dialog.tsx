'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { CaseKindSelect, CasePicker, type CaseKind, type PickedCase } from '@/components/cases/case-picker';
import { useTRPCClient } from '@/components/realtime/trpc';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Input, Label } from '@/components/ui/input';
import { ErrorText } from '@/components/ui/states';
import { cn } from '@/components/ui/cn';

type Kind = CaseKind;

/** "Add to incident/investigation as evidence": pick an existing case (searchable) or open a new one, then cases.addEvents. */
export function EvidenceDialog({
  eventIds,
  open,
  onOpenChange,
}: {
  eventIds: string[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const client = useTRPCClient();
  const [kind, setKind] = useState<Kind>('incident');
  const [search, setSearch] = useState('');
  /** An existing case, or 'new' for "Create a new …". */
  const [picked, setPicked] = useState<PickedCase | 'new' | null>(null);
  const [newSummary, setNewSummary] = useState('');
  const [done, setDone] = useState<{ id: string; summary: string } | null>(null);
  const add = useMutation({
    mutationFn: async () => {
      if (!picked) throw new Error('Pick a case or create a new one');
      const target = picked === 'new' ? await client.cases.create.mutate({ kind, summary: newSummary.trim() }) : picked;
      await client.cases.addEvents.mutate({ caseId: target.id, eventIds: eventIds.slice(0, 100) });
      return target;
    },
    onSuccess: (c) => setDone({ id: c.id, summary: c.summary }),
  });
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      setDone(null);
      setPicked(null);
      add.reset();
    }
  };
  const n = eventIds.length;
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title="Add to incident/investigation as evidence"
        description={`${n} event${n === 1 ? '' : 's'} will be attached, one evidence item each.`}
      >
        {done ? (
          <div className="space-y-3 text-sm">
            <p role="status">
              Added to <strong>{done.summary}</strong>.
            </p>
            <div className="flex justify-end gap-2">
              <a
                className="text-accent underline"
                href={`/${kind === 'incident' ? 'incidents' : 'investigations'}/${encodeURIComponent(done.id)}`}
              >
                Open {kind}
              </a>
              <Button onClick={() => close(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate();
            }}
          >
            <div className="flex gap-2">
              <div className="w-40">
                <CaseKindSelect id="ev-kind" value={kind} onChange={(k) => (setKind(k), setPicked(null))} />
              </div>
              <div className="flex-1">
                <Label htmlFor="ev-search">Find</Label>
                <Input
                  id="ev-search"
                  placeholder="Search by summary"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                />
              </div>
            </div>
            <CasePicker
              kind={kind}
              search={search}
              picked={picked === 'new' ? null : (picked?.id ?? null)}
              onPick={setPicked}
              enabled={open}
              limit={10}
              name="case"
            >
              <label
                className={cn(
                  'flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-panel-2',
                  picked === 'new' && 'bg-accent/10',
                )}
              >
                <input
                  type="radio"
                  name="case"
                  value="new"
                  checked={picked === 'new'}
                  onChange={() => setPicked('new')}
                />
                <span>Create a new {kind}</span>
              </label>
            </CasePicker>
            {picked === 'new' && (
              <div>
                <Label htmlFor="ev-summary">Summary</Label>
                <Input
                  id="ev-summary"
                  required
                  value={newSummary}
                  onChange={(e) => setNewSummary(e.target.value)}
                  autoFocus
                />
              </div>
            )}
            <ErrorText error={add.error} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!picked || (picked === 'new' && !newSummary.trim()) || add.isPending}>
                {add.isPending ? 'Adding…' : 'Add evidence'}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
