'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { CaseKindSelect, CasePicker, type CaseKind, type PickedCase } from '../cases/case-picker';
import { useTRPCClient } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { Input, Label, Select } from '../ui/input';
import { ErrorText } from '../ui/states';
import type { AlertListFilter } from './alert-types';

type Kind = CaseKind;
/** Events snapshotted as evidence per escalation (the server's cap). */
const MAX_EVIDENCE = 100;

/** Which alerts: the ones ticked (or this one), or every alert the console's filter matches. */
export type EscalateScope = { ids: string[] } | { filter: AlertListFilter };

/**
 * Escalates one alert, the ticked ones, or all matching the filter into a new or an existing
 * incident/investigation on the server (alerts.bulkEscalate): their events are snapshotted as
 * evidence, the alerts become "escalated", and the dialog links to the room.
 */
export function EscalateDialog({
  scope,
  count,
  defaultSummary,
  eventCount,
  onClose,
}: {
  scope: EscalateScope;
  count: number;
  defaultSummary: string;
  eventCount: number;
  onClose: () => void;
}) {
  const client = useTRPCClient();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [kind, setKind] = useState<Kind>('incident');
  const [summary, setSummary] = useState(defaultSummary.slice(0, 500));
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<PickedCase | null>(null);
  const [done, setDone] = useState<{ id: string; kind: Kind; summary: string; added: number; escalated: number }>();

  const escalate = useMutation({
    mutationFn: async () => {
      if (mode === 'existing' && !picked) throw new Error('Pick an incident or investigation first.');
      const target = mode === 'new' ? { mode, kind, summary: summary.trim() } : { mode, kind, caseId: picked!.id };
      const r = await client.alerts.bulkEscalate.mutate({ scope, target });
      // Changed meanwhile (closed, escalated by someone else): nothing was created or escalated.
      if (r.matched === 0) throw new Error('None of these alerts is left to escalate.');
      return { id: r.caseId, kind: r.kind, summary: r.summary, added: r.evidence, escalated: r.escalated };
    },
    onSuccess: setDone,
  });

  const room = done ? `/${done.kind === 'incident' ? 'incidents' : 'investigations'}/${done.id}` : '';
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={count === 1 ? 'Escalate alert' : `Escalate ${count} alerts`}
        description={
          count === 1
            ? 'Its events are added as evidence, and the alert is marked escalated.'
            : 'Their events are added as evidence, and the alerts are marked escalated.'
        }
        className="w-[min(600px,calc(100vw-2rem))]"
      >
        {done ? (
          <div className="space-y-3 text-sm" data-testid="escalated">
            <p>
              {count === 1 ? 'Escalated' : `Escalated ${done.escalated} alert${done.escalated === 1 ? '' : 's'}`} to the{' '}
              {done.kind} <strong>{done.summary}</strong> with {done.added} event{done.added === 1 ? '' : 's'} as
              evidence.
            </p>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={onClose}>
                Close
              </Button>
              <Link
                href={room}
                prefetch={false}
                className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg no-underline"
              >
                Open the {done.kind}
              </Link>
            </div>
          </div>
        ) : (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              escalate.mutate();
            }}
          >
            <div className="flex gap-3">
              <div>
                <Label htmlFor="esc-mode">Into</Label>
                <Select id="esc-mode" value={mode} onChange={(e) => setMode(e.target.value as 'new' | 'existing')}>
                  <option value="new">A new one</option>
                  <option value="existing">An existing one</option>
                </Select>
              </div>
              <div>
                <CaseKindSelect id="esc-kind" value={kind} onChange={(k) => (setKind(k), setPicked(null))} />
              </div>
            </div>
            {mode === 'new' ? (
              <div>
                <Label htmlFor="esc-summary">Summary</Label>
                <Input
                  id="esc-summary"
                  required
                  maxLength={500}
                  value={summary}
                  onChange={(e) => setSummary(e.target.value)}
                />
              </div>
            ) : (
              <div>
                <Label htmlFor="esc-search">Search</Label>
                <Input
                  id="esc-search"
                  placeholder="Words in the summary"
                  value={q}
                  onChange={(e) => setQ(e.target.value)}
                />
                <div className="mt-2">
                  <CasePicker kind={kind} search={q} picked={picked?.id ?? null} onPick={setPicked} name="esc-target" />
                </div>
              </div>
            )}
            {eventCount > MAX_EVIDENCE && (
              <p className="text-xs text-muted">
                The first {MAX_EVIDENCE} of their {eventCount} events become evidence.
              </p>
            )}
            <ErrorText error={escalate.error} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={escalate.isPending || (mode === 'existing' && !picked)}>
                {escalate.isPending
                  ? 'Escalating…'
                  : mode === 'new'
                    ? `Create ${kind} and escalate`
                    : 'Add to it and escalate'}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
