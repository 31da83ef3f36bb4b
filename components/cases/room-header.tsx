'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { Download, FileJson, ArrowUpRight } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CASE_DATES, PHASES, SEVERITIES, type CaseDetail } from '@/server/cases/case-model';
import { useTRPC, useTRPCClient } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { DATE_LABEL, errorMessage, formatTime, KIND_LABEL, KIND_PATH, authorLabel } from './case-format';
import { CaseFieldSelect } from './case-field-select';
import { SeverityBadge } from './severity-badge';
import { VersionedText } from './versioned-text';
import { CloseDialog } from './close-dialog';
import { MarkBadge } from './mark-badge';
import { markLabel, PAP_MARKS, RESOLUTION_LABEL, TLP_MARKS } from '@/server/cases/case-marks';

/** Summary, severity, owner, phase (with when each phase began), the MozDef dates, and the case actions. */
export function RoomHeader({
  detail,
  canWrite,
  refresh,
  onTyping,
}: {
  detail: CaseDetail;
  canWrite: boolean;
  refresh: () => void;
  onTyping: (where: string) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const people = useQuery(trpc.cases.assignees.queryOptions());
  const promote = useMutation(trpc.cases.promote.mutationOptions());
  const [exportError, setExportError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const owners = [
    { value: '', label: 'Unassigned' },
    ...(people.data ?? []).map((u) => ({ value: u.id, label: u.name || u.email })),
  ];
  // The owner may have been disabled since: keep them selectable as the current value.
  if (detail.ownerId && !owners.some((o) => o.value === detail.ownerId))
    owners.push({ value: detail.ownerId, label: detail.ownerName ?? 'former user' });
  const phases = PHASES[detail.kind].map((p) => ({ value: p, label: p }));
  const entered = new Map(detail.phaseHistory.map((p) => [p.phase, p]));

  async function download(format: 'md' | 'json') {
    setExportError(null);
    try {
      const file = await client.cases.export.query({ id: detail.id, format });
      const url = URL.createObjectURL(new Blob([file.body], { type: file.contentType }));
      const a = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setExportError(errorMessage(err));
    }
  }

  return (
    <header className="rounded-lg border border-border bg-panel p-4">
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
        <Link href={KIND_PATH[detail.kind]} className="hover:text-fg">
          {KIND_LABEL[detail.kind].many}
        </Link>
        <span aria-hidden>/</span>
        <span className="font-mono">{detail.id.slice(0, 8)}</span>
        <SeverityBadge severity={detail.severity} />
        <MarkBadge protocol="TLP" mark={detail.tlp} />
        <MarkBadge protocol="PAP" mark={detail.pap} />
        <span className="rounded-full bg-panel-2 px-2 py-0.5 font-medium text-fg" data-testid="phase-badge">
          {detail.phase}
        </span>
        {detail.promotedToId && (
          <Link className="text-accent" href={`/incidents/${detail.promotedToId}`}>
            Promoted to an incident →
          </Link>
        )}
        {detail.promotedFromId && (
          <Link className="text-accent" href={`/investigations/${detail.promotedFromId}`}>
            ← From investigation
          </Link>
        )}
        <span className="ml-auto flex flex-wrap gap-1.5">
          <Button size="sm" variant="secondary" onClick={() => void download('md')}>
            <Download size={14} /> Export Markdown
          </Button>
          <Button size="sm" variant="secondary" onClick={() => void download('json')}>
            <FileJson size={14} /> Export JSON
          </Button>
          {detail.kind === 'investigation' && !detail.promotedToId && canWrite && (
            <Button
              size="sm"
              disabled={promote.isPending}
              onClick={() =>
                promote.mutate({ id: detail.id }, { onSuccess: (inc) => router.push(`/incidents/${inc.id}`) })
              }
            >
              <ArrowUpRight size={14} /> Promote to incident
            </Button>
          )}
        </span>
      </div>
      {(exportError || promote.error) && (
        <p role="alert" className="mt-1 text-xs text-danger">
          {exportError ?? errorMessage(promote.error)}
        </p>
      )}
      <h1 className="mt-2 text-lg leading-snug font-semibold">
        <VersionedText
          caseId={detail.id}
          field="summary"
          label="Summary"
          value={detail.summary}
          version={detail.version}
          canWrite={canWrite}
          onSaved={refresh}
          onTyping={() => onTyping('Summary')}
        />
      </h1>
      <div className="mt-3 flex flex-wrap items-start gap-x-6 gap-y-3">
        <div className="grid w-full grid-cols-3 gap-2 lg:w-auto lg:grid-cols-[10rem_8rem_12rem_8rem_8rem]">
          <CaseFieldSelect
            record={detail}
            field="phase"
            label="Phase"
            options={phases}
            canWrite={canWrite}
            onSaved={refresh}
            intercept={(v) => {
              if (v !== 'Closed' || detail.phase === 'Closed') return false;
              setClosing(true);
              return true;
            }}
          />
          <CaseFieldSelect
            record={detail}
            field="severity"
            label="Severity"
            options={SEVERITIES.map((s) => ({ value: s, label: s }))}
            canWrite={canWrite}
            onSaved={refresh}
          />
          <CaseFieldSelect
            record={detail}
            field="ownerId"
            label="Owner"
            options={owners}
            canWrite={canWrite}
            onSaved={refresh}
          />
          <CaseFieldSelect
            record={detail}
            field="tlp"
            label="TLP"
            options={TLP_MARKS.map((m) => ({ value: m, label: markLabel('TLP', m) }))}
            canWrite={canWrite}
            onSaved={refresh}
          />
          <CaseFieldSelect
            record={detail}
            field="pap"
            label="PAP"
            options={PAP_MARKS.map((m) => ({ value: m, label: markLabel('PAP', m) }))}
            canWrite={canWrite}
            onSaved={refresh}
          />
        </div>
        <dl aria-label="Dates" className="grid w-full min-w-0 grid-cols-3 gap-x-3 gap-y-1 text-xs sm:grid-cols-6">
          {CASE_DATES.map((d) => (
            <div key={d}>
              <dt className="font-semibold text-muted">{DATE_LABEL[d]}</dt>
              {/* Month-day and time fit the strip; the full date is in the tooltip. */}
              <dd className="mt-0.5 whitespace-nowrap" title={formatTime(detail[d])}>
                {detail[d] ? formatTime(detail[d]).slice(5) : '—'}
              </dd>
            </div>
          ))}
        </dl>
      </div>
      {detail.phase === 'Closed' && detail.resolution && (
        <p className="mt-2 text-sm" data-testid="resolution">
          <span className="font-semibold">Resolution: {RESOLUTION_LABEL[detail.resolution]}</span>
          {detail.resolutionSummary && <span className="text-muted"> — {detail.resolutionSummary}</span>}
        </p>
      )}
      {closing && <CloseDialog detail={detail} onClose={() => setClosing(false)} onClosed={refresh} />}
      <ol aria-label="Phases" className="mt-3 flex flex-wrap gap-1 text-[0.7rem]">
        {PHASES[detail.kind].map((p, i) => {
          const at = entered.get(p);
          return (
            <li
              key={p}
              data-phase={p}
              title={at ? `${p} since ${formatTime(at.at)} by ${authorLabel(at.actor)}` : `${p}: not reached`}
              className={cn(
                'rounded border px-1.5 py-0.5',
                p === detail.phase
                  ? 'border-accent bg-accent/15 text-fg'
                  : at
                    ? 'border-border text-fg'
                    : 'border-dashed border-border text-muted',
              )}
            >
              <span className="text-muted">{i + 1}.</span> <span className="font-medium">{p}</span>
              {at && <span className="ml-1 text-muted">{formatTime(at.at).slice(5)}</span>}
            </li>
          );
        })}
      </ol>
    </header>
  );
}
