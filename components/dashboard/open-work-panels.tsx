import Link from 'next/link';
import { Empty } from '@/components/ui/states';
import type { OpenAlertsPanel, OpenCasesPanel, PhaseCount } from '@/server/trpc/routers/dashboard/dashboard.types';
import { Panel } from './panel';

/** Open alerts per severity; each row opens the alert console filtered to it. */
export function OpenAlerts({ panel }: { panel: OpenAlertsPanel }) {
  return (
    <Panel title={`Open alerts · ${panel.total.toLocaleString()}`} href={panel.href} linkLabel="Open alerts →">
      {panel.bySeverity.length === 0 ? (
        <Empty>No open alerts.</Empty>
      ) : (
        <ul className="space-y-1 text-sm" aria-label="Open alerts by severity">
          {panel.bySeverity.map((a) => (
            <li key={a.severity}>
              <Link href={a.href} className="flex justify-between rounded px-1 hover:bg-panel-2">
                <span>{a.severity}</span>
                <span className="tabular-nums">{a.count.toLocaleString()}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function Phases({ label, phases }: { label: string; phases: PhaseCount[] }) {
  return (
    <ul className="mb-2 flex flex-wrap gap-1.5 text-xs" aria-label={label}>
      {phases.map((p) => (
        <li key={p.phase}>
          <Link
            href={p.href}
            className="inline-flex gap-1 rounded-full border border-border px-2 py-0.5 hover:border-accent"
          >
            <span>{p.phase}</span>
            <span className="tabular-nums text-muted">{p.count.toLocaleString()}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function CaseColumn({
  title,
  href,
  phases,
  items,
}: {
  title: string;
  href: string;
  phases: PhaseCount[];
  items: Array<{ id: string; title: string; phase: string; href: string }>;
}) {
  const total = phases.reduce((n, p) => n + p.count, 0);
  return (
    <Panel title={`${title} · ${total.toLocaleString()}`} href={href} linkLabel={`${title} →`}>
      {total === 0 ? (
        <Empty>Nothing open.</Empty>
      ) : (
        <>
          <Phases label={`${title} by phase`} phases={phases} />
          <ul className="space-y-1 text-sm">
            {items.map((c) => (
              <li key={c.id}>
                <Link href={c.href} className="flex justify-between gap-2 rounded px-1 hover:bg-panel-2">
                  <span className="truncate">{c.title}</span>
                  <span className="shrink-0 text-xs text-muted">{c.phase}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}

/** Open incidents and investigations with their phases; phase chips open the filtered list. */
export function OpenCases({ panel }: { panel: OpenCasesPanel }) {
  return (
    <>
      <CaseColumn title="Open incidents" href="/incidents" phases={panel.incidentPhases} items={panel.incidents} />
      <CaseColumn
        title="Open investigations"
        href="/investigations"
        phases={panel.investigationPhases}
        items={panel.investigations}
      />
    </>
  );
}
