'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { CASE_RESOLUTIONS, RESOLUTION_LABEL, type CaseResolution } from '@/server/cases/case-marks';
import type { CaseDetail } from '@/server/cases/case-model';
import { useTRPCClient } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { Label, Select } from '../ui/input';
import { ErrorText } from '../ui/states';
import { KIND_LABEL } from './case-format';

const OPEN_ALERT = new Set(['new', 'acknowledged', 'escalated']);

/**
 * Closing a case: a resolution and a summary are required (the server refuses without them); open
 * hypotheses and tasks are named before closing; the case's open alerts are resolved with it unless
 * the closer unticks that.
 */
export function CloseDialog({
  detail,
  onClose,
  onClosed,
}: {
  detail: CaseDetail;
  onClose: () => void;
  onClosed: () => void;
}) {
  const client = useTRPCClient();
  const [resolution, setResolution] = useState<CaseResolution | ''>('');
  const [summary, setSummary] = useState('');
  const openAlerts = detail.alerts.filter((a) => OPEN_ALERT.has(a.status));
  const [resolveAlerts, setResolveAlerts] = useState(true);
  const openHypotheses = detail.hypotheses.filter((h) => h.status === 'open');
  const openTasks = detail.tasks.filter((t) => t.status === 'open' || t.status === 'in_progress');
  const close = useMutation({
    mutationFn: async () => {
      if (!resolution) throw new Error('Choose a resolution.');
      const r = await client.cases.setPhase.mutate({
        id: detail.id,
        phase: 'Closed',
        version: detail.version,
        resolution,
        resolutionSummary: summary.trim(),
        resolveAlerts,
      });
      if (r.status === 'conflict')
        throw new Error(
          `Someone changed the ${r.conflictingFields.join(', ')} meanwhile (now ${r.current.phase}); check and close again.`,
        );
    },
    onSuccess: () => (onClosed(), onClose()),
  });
  const what = KIND_LABEL[detail.kind].one.toLowerCase();
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={`Close ${what}`}
        description="How did it end? The resolution and its summary go into the record and the export."
        className="w-[min(560px,calc(100vw-2rem))]"
      >
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            close.mutate();
          }}
        >
          {(openHypotheses.length > 0 || openTasks.length > 0) && (
            <div
              role="alert"
              className="rounded-md border border-amber-500/50 bg-amber-500/10 p-2 text-sm"
              data-testid="close-warnings"
            >
              <p className="font-medium">Still open:</p>
              <ul className="mt-1 list-disc pl-5">
                {openHypotheses.length > 0 && (
                  <li>
                    {openHypotheses.length} open hypothes{openHypotheses.length === 1 ? 'is' : 'es'} (
                    {openHypotheses.map((h) => h.statement.slice(0, 60)).join('; ')})
                  </li>
                )}
                {openTasks.length > 0 && (
                  <li>
                    {openTasks.length} unfinished task{openTasks.length === 1 ? '' : 's'} (
                    {openTasks.map((t) => t.title.slice(0, 60)).join('; ')})
                  </li>
                )}
              </ul>
              <p className="mt-1 text-xs text-muted">You can close anyway; they stay as they are.</p>
            </div>
          )}
          <div>
            <Label htmlFor="close-resolution">Resolution</Label>
            <Select
              id="close-resolution"
              required
              value={resolution}
              onChange={(e) => setResolution(e.target.value as CaseResolution)}
            >
              <option value="" disabled>
                Choose…
              </option>
              {CASE_RESOLUTIONS.map((r) => (
                <option key={r} value={r}>
                  {RESOLUTION_LABEL[r]}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor="close-summary">Resolution summary</Label>
            <textarea
              id="close-summary"
              required
              maxLength={20_000}
              rows={4}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
              className="w-full rounded-md border border-border bg-panel px-3 py-2 text-sm"
              placeholder="What happened, what was done, what is left."
            />
          </div>
          {openAlerts.length > 0 && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={resolveAlerts} onChange={(e) => setResolveAlerts(e.target.checked)} />
              Also resolve its {openAlerts.length} open alert{openAlerts.length === 1 ? '' : 's'} (
              {resolution === 'falsepositive' ? 'as false positive' : 'closed'})
            </label>
          )}
          <ErrorText error={close.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={close.isPending || !resolution || !summary.trim()}>
              {close.isPending ? 'Closing…' : `Close ${what}`}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
