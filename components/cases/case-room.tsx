'use client';

import { usePathname } from 'next/navigation';
import { useState } from 'react';
import type { CaseKind } from '@/server/cases/case-model';
import { Loading } from '../ui/states';
import { cn } from '../ui/cn';
import { KIND_LABEL } from './case-format';
import { DetailsSection } from './details-section';
import { EvidenceSection } from './evidence-section';
import { HypothesesSection } from './hypotheses-section';
import { IndicatorsSection } from './indicators-section';
import { RoomHeader } from './room-header';
import { RoomPresence, useTypingReport } from './room-presence';
import { TasksSection } from './tasks-section';
import { TimelineSection } from './timeline-section';
import { useCaseRoom } from './use-case-room';
import { ReadOnlyNote } from './conflict-notice';
import { useEntryAnchor } from './use-entry-anchor';

const TABS = ['Timeline', 'Evidence', 'Hypotheses', 'Indicators', 'Tasks', 'Details'] as const;
type Tab = (typeof TABS)[number];

/** The live room of one incident or investigation. */
export function CaseRoom({
  id,
  kind,
  canWrite,
  self,
  maxEvidenceBytes,
}: {
  id: string;
  kind: CaseKind;
  canWrite: boolean;
  self: { kind: string; id: string };
  maxEvidenceBytes: number;
}) {
  const { query, live, refresh } = useCaseRoom(id, kind);
  const pathname = usePathname();
  const onTyping = useTypingReport();
  const [tab, setTab] = useState<Tab>('Timeline');
  const doRefresh = () => void refresh();
  useEntryAnchor(query.isSuccess, tab, setTab);

  if (query.isPending) return <Loading label={`Loading ${KIND_LABEL[kind].one.toLowerCase()}…`} />;
  if (query.isError) {
    return (
      <div role="alert" className="py-12 text-center">
        <p className="text-lg font-semibold">
          {/not found/i.test(query.error.message)
            ? `${KIND_LABEL[kind].one} not found`
            : `Could not load this ${KIND_LABEL[kind].one.toLowerCase()}`}
        </p>
        <p className="mt-1 text-sm text-muted">{query.error.message}</p>
      </div>
    );
  }
  const d = query.data;
  const counts: Record<Tab, number | null> = {
    Timeline: d.timeline.length,
    Evidence: d.evidence.length,
    Hypotheses: d.hypotheses.length,
    Indicators: d.indicators.length,
    Tasks: d.tasks.filter((t) => t.status === 'open' || t.status === 'in_progress').length,
    Details: null,
  };

  return (
    <div className="space-y-4" data-case-version={d.version} data-live={live}>
      <RoomHeader detail={d} canWrite={canWrite} refresh={doRefresh} onTyping={onTyping} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <RoomPresence page={pathname} self={self} />
        {!canWrite && (
          <ReadOnlyNote>Read only: your role (viewer) can follow this case but not change it.</ReadOnlyNote>
        )}
      </div>
      <div role="tablist" aria-label="Case sections" className="flex gap-1 overflow-x-auto border-b border-border">
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            onClick={() => setTab(t)}
            onKeyDown={(e) => {
              const i = TABS.indexOf(t);
              const next =
                e.key === 'ArrowRight'
                  ? TABS[(i + 1) % TABS.length]
                  : e.key === 'ArrowLeft'
                    ? TABS[(i + TABS.length - 1) % TABS.length]
                    : null;
              if (next) {
                setTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }
            }}
            tabIndex={tab === t ? 0 : -1}
            className={cn(
              '-mb-px cursor-pointer border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
              tab === t ? 'border-accent text-fg' : 'border-transparent text-muted hover:text-fg',
            )}
          >
            {t}
            {counts[t] !== null && (
              <span className="ml-1.5 rounded-full bg-panel-2 px-1.5 text-xs text-muted">{counts[t]}</span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'Timeline' && (
          <TimelineSection
            caseId={d.id}
            entries={d.timeline}
            canWrite={canWrite}
            refresh={doRefresh}
            onTyping={onTyping}
          />
        )}
        {tab === 'Evidence' && (
          <EvidenceSection
            caseId={d.id}
            kind={d.kind}
            evidence={d.evidence}
            canWrite={canWrite}
            maxBytes={maxEvidenceBytes}
            refresh={doRefresh}
          />
        )}
        {tab === 'Hypotheses' && (
          <HypothesesSection
            caseId={d.id}
            hypotheses={d.hypotheses}
            evidence={d.evidence}
            canWrite={canWrite}
            refresh={doRefresh}
          />
        )}
        {tab === 'Indicators' && (
          <IndicatorsSection
            caseRef={{ kind: d.kind, id: d.id, summary: d.summary }}
            indicators={d.indicators}
            evidenceCount={d.evidence.length}
            canWrite={canWrite}
            refresh={doRefresh}
          />
        )}
        {tab === 'Tasks' && <TasksSection caseId={d.id} tasks={d.tasks} canWrite={canWrite} refresh={doRefresh} />}
        {tab === 'Details' && <DetailsSection detail={d} canWrite={canWrite} refresh={doRefresh} onTyping={onTyping} />}
      </div>
    </div>
  );
}
