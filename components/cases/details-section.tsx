'use client';

import type { CaseDetail } from '@/server/cases/case-model';
import { DatesPanel } from './dates-panel';
import { formatTime } from './case-format';
import { VersionedList } from './versioned-list';
import { MarkdownText } from './markdown-text';
import { VersionedText } from './versioned-text';

const md = (text: string) => (text ? <MarkdownText text={text} className="text-sm" /> : undefined);

/** The case's alerts, the MozDef dates, description, classification (VERIS, ATT&CK), references, contacts and the review fields. */
export function DetailsSection({
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
  const common = { caseId: detail.id, version: detail.version, canWrite, onSaved: refresh };
  return (
    <section aria-labelledby="details-heading" className="space-y-4">
      <h2 id="details-heading" className="sr-only">
        Details
      </h2>
      <Block title={`Alerts (${detail.alerts.length})`}>
        <CaseAlertList alerts={detail.alerts} />
      </Block>
      <Block title="Dates">
        <DatesPanel detail={detail} canWrite={canWrite} refresh={refresh} />
      </Block>
      <Block title="Description">
        <p className="mb-1 text-xs text-muted">
          Markdown: links (http, https, mailto), lists, code; HTML is shown as text.
        </p>
        <VersionedText
          {...common}
          field="description"
          label="Description"
          value={detail.description}
          display={md(detail.description)}
          multiline
          onTyping={() => onTyping('Description')}
        />
      </Block>
      <div className="grid gap-4 md:grid-cols-2">
        <Block title="Classification">
          <div className="space-y-3">
            <VersionedList
              {...common}
              field="attack"
              label="MITRE ATT&CK techniques"
              items={detail.attack}
              catalog="attack"
            />
            <VersionedList {...common} field="veris" label="VERIS tags" items={detail.veris} catalog="veris" />
          </div>
        </Block>
        <Block title="People and sources">
          <div className="space-y-3">
            <VersionedList
              {...common}
              field="contacts"
              label="Contacts"
              items={detail.contacts}
              placeholder="name, team or address"
            />
            <VersionedList
              {...common}
              field="references"
              label="References"
              items={detail.references}
              placeholder="ticket id, URL, advisory"
            />
          </div>
        </Block>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Block title="Mitigations">
          <VersionedText
            {...common}
            field="mitigations"
            label="Mitigations"
            value={detail.mitigations}
            display={md(detail.mitigations)}
            multiline
            onTyping={() => onTyping('Mitigations')}
          />
        </Block>
        <Block title="Lessons learned">
          <VersionedText
            {...common}
            field="lessonsLearned"
            label="Lessons learned"
            value={detail.lessonsLearned}
            display={md(detail.lessonsLearned)}
            multiline
            onTyping={() => onTyping('Lessons learned')}
          />
        </Block>
      </div>
    </section>
  );
}

/** Alerts escalated to this case, newest first; summaries are log-derived text. */
function CaseAlertList({ alerts }: { alerts: CaseDetail['alerts'] }) {
  if (alerts.length === 0) return <p className="text-xs text-muted">No alerts were escalated to this case.</p>;
  return (
    <ul className="space-y-1 text-sm" data-testid="case-alerts">
      {alerts.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-all">{a.summary}</span>
          <span className="rounded bg-panel-2 px-1.5 text-xs text-muted">{a.status}</span>
          <span className="text-xs text-muted">
            {a.severity} · {a.eventCount} events · {formatTime(a.utctimestamp)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Block({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-border bg-panel p-3">
      <h3 className="mb-2 text-sm font-semibold">{title}</h3>
      {children}
    </div>
  );
}
