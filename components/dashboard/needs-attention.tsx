'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ago } from '@/components/inbox/inbox-links';
import { useTRPC } from '@/components/realtime/trpc';
import { Empty, ErrorText, Loading } from '@/components/ui/states';
import type { AttentionAlert, NeedsAttention as Attention } from '@/server/dashboard/needs-attention';
import { Panel } from './panel';

/** How long something has waited, in words: "12 min", "3 h", "2 d". */
export function waited(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'under a minute';
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

function AlertList({ label, items }: { label: string; items: AttentionAlert[] }) {
  return (
    <ul className="space-y-1 text-sm" aria-label={label}>
      {items.map((a) => (
        <li key={a.id}>
          {/* Summaries come from log fields: rendered as text. */}
          <Link href={a.href} className="flex items-baseline justify-between gap-2 rounded px-1 hover:bg-panel-2">
            <span className="min-w-0 truncate">
              <span className="mr-1.5 text-xs font-semibold text-danger">{a.severity}</span>
              {a.summary}
            </span>
            <time dateTime={a.utctimestamp} className="shrink-0 text-xs text-muted">
              {ago(a.utctimestamp)}
            </time>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function Body({ data }: { data: Attention }) {
  const { alerts, tasks } = data;
  if (!alerts && !tasks) return <Empty>Nothing here for your role.</Empty>;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
      {alerts && (
        <Panel
          title={`Unassigned critical/high · ${alerts.unassignedCount.toLocaleString()}`}
          href={alerts.unassignedHref}
          linkLabel="All open →"
        >
          {alerts.unassignedCount === 0 ? (
            <Empty>Every critical and high alert has an owner.</Empty>
          ) : (
            <>
              {alerts.oldestUnassignedAt && (
                <p className="mb-2 text-xs text-muted" data-testid="oldest-unassigned">
                  Oldest waiting {waited(alerts.oldestUnassignedAt)}
                </p>
              )}
              <AlertList label="Unassigned critical and high alerts" items={alerts.unassigned} />
            </>
          )}
        </Panel>
      )}
      {alerts && (
        <Panel title={`My alerts · ${alerts.mineCount.toLocaleString()}`}>
          {alerts.mineCount === 0 ? (
            <Empty>No open alerts assigned to you.</Empty>
          ) : (
            <AlertList label="My open alerts" items={alerts.mine} />
          )}
        </Panel>
      )}
      {tasks && (
        <Panel title={`My tasks · ${tasks.mineCount.toLocaleString()}`} href={tasks.href} linkLabel="My tasks →">
          {tasks.mineCount === 0 ? (
            <Empty>No open tasks assigned to you.</Empty>
          ) : (
            <ul className="space-y-1 text-sm" aria-label="My open tasks">
              {tasks.mine.map((t) => (
                <li key={t.id}>
                  <Link
                    href={t.href}
                    className="flex items-baseline justify-between gap-2 rounded px-1 hover:bg-panel-2"
                  >
                    <span className="min-w-0 truncate">{t.title}</span>
                    <span className="shrink-0 truncate text-xs text-muted">
                      {t.dueAt ? `due ${new Date(t.dueAt).toLocaleDateString()}` : t.caseSummary}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      )}
    </div>
  );
}

/** The dashboard's lead: what the signed-in person should act on now. Kept live by useAttentionChanges (sidebar). */
export function NeedsAttention() {
  const trpc = useTRPC();
  const q = useQuery(trpc.dashboard.needsAttention.queryOptions());
  return (
    <section aria-labelledby="needs-attention" className="mb-6">
      <h2 id="needs-attention" className="mb-2 text-lg font-semibold">
        Needs attention
      </h2>
      {q.isPending ? <Loading /> : q.error ? <ErrorText error={q.error} /> : <Body data={q.data} />}
    </section>
  );
}
