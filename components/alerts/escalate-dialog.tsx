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
import { caseSeverity, type AlertItem } from './alert-types';

type Kind = CaseKind;
/** Events snapshotted per alert (MAX_EVENTS_PER_ALERT on the server). */
const MAX_EVIDENCE = 100;

/**
 * Escalates an alert into a new or an existing incident/investigation through cases.escalateAlerts:
 * its events become evidence with one timeline entry, the alert is escalated and linked to the case.
 */
export function EscalateDialog({ alert, onClose }: { alert: AlertItem; onClose: () => void }) {
  const client = useTRPCClient();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [kind, setKind] = useState<Kind>('incident');
  const [summary, setSummary] = useState(alert.summary.slice(0, 500));
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<PickedCase | null>(null);
  const [done, setDone] = useState<{ id: string; kind: Kind; summary: string; added: number }>();

  const escalate = useMutation({
    mutationFn: async () => {
      if (mode === 'existing' && !picked) throw new Error('Pick an incident or investigation first.');
      // One call: the server opens the incident (or uses the picked case), adds the events as evidence
      // with one timeline entry, and marks the alert escalated and linked, all in one transaction.
      if (mode === 'new' && kind === 'investigation') {
        const inv = await client.cases.create.mutate({ kind, summary: summary.trim(), severity: caseSeverity(alert.severity), description: `Escalated from alert "${alert.summary}".` });
        const r = await client.cases.escalateAlerts.mutate({ alertIds: [alert.id], incidentId: inv.id });
        return { id: r.incidentId, kind: r.kind, summary: inv.summary, added: r.eventsAdded };
      }
      const r = await client.cases.escalateAlerts.mutate({ alertIds: [alert.id], ...(mode === 'existing' ? { incidentId: picked!.id } : { summary: summary.trim() }) });
      return { id: r.incidentId, kind: r.kind, summary: mode === 'existing' ? picked!.summary : summary.trim(), added: r.eventsAdded };
    },
    onSuccess: setDone,
  });

  const room = done ? `/${done.kind === 'incident' ? 'incidents' : 'investigations'}/${done.id}` : '';
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title="Escalate alert" description="Its events are added as evidence, and the alert is marked escalated." className="w-[min(600px,calc(100vw-2rem))]">
        {done ? (
          <div className="space-y-3 text-sm" data-testid="escalated">
            <p>
              Escalated to the {done.kind} <strong>{done.summary}</strong> with {done.added} event{done.added === 1 ? '' : 's'} as evidence.
            </p>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={onClose}>
                Close
              </Button>
              <Link href={room} prefetch={false} className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg no-underline">
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
                <Input id="esc-summary" required maxLength={500} value={summary} onChange={(e) => setSummary(e.target.value)} />
              </div>
            ) : (
              <div>
                <Label htmlFor="esc-search">Search</Label>
                <Input id="esc-search" placeholder="Words in the summary" value={q} onChange={(e) => setQ(e.target.value)} />
                <div className="mt-2">
                  <CasePicker kind={kind} search={q} picked={picked?.id ?? null} onPick={setPicked} name="esc-target" />
                </div>
              </div>
            )}
            {alert.eventCount > MAX_EVIDENCE && <p className="text-xs text-muted">The first {MAX_EVIDENCE} of its {alert.eventCount} events become evidence.</p>}
            <ErrorText error={escalate.error} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={escalate.isPending || (mode === 'existing' && !picked)}>
                {escalate.isPending ? 'Escalating…' : mode === 'new' ? `Create ${kind} and escalate` : 'Add to it and escalate'}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
