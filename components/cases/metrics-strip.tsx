'use client';

import { useQuery } from '@tanstack/react-query';
import type { CaseKind } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { formatDuration } from './case-format';

/** Open count and the medians responders are judged on (from opened to contained / closed). */
export function MetricsStrip({ kind }: { kind: CaseKind }) {
  const trpc = useTRPC();
  const m = useQuery(trpc.cases.metrics.queryOptions({ kind }));
  if (m.isError) return <p className="text-xs text-muted">Metrics unavailable: {m.error.message}</p>;
  const byPhase = m.data?.byPhase ?? {};
  const open = Object.entries(byPhase).reduce((n, [p, c]) => (p === 'Closed' ? n : n + c), 0);
  const tiles: Array<{ label: string; value: string; hint?: string }> = [
    { label: 'Open', value: m.data ? String(open) : '…' },
    { label: 'Closed', value: m.data ? String(byPhase.Closed ?? 0) : '…' },
    ...(kind === 'incident'
      ? [
          {
            label: 'Median time to contain',
            value: m.data ? formatDuration(m.data.timeToContain.medianMs) : '…',
            hint: m.data ? `${m.data.timeToContain.n} contained` : undefined,
          },
        ]
      : []),
    {
      label: 'Median time to close',
      value: m.data ? formatDuration(m.data.timeToClose.medianMs) : '…',
      hint: m.data ? `${m.data.timeToClose.n} closed` : undefined,
    },
  ];
  return (
    <dl data-testid="metrics" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {tiles.map((t) => (
        <div key={t.label} className="rounded-lg border border-border bg-panel px-3 py-2">
          <dt className="text-xs text-muted">{t.label}</dt>
          <dd className="text-lg font-semibold">
            {t.value} {t.hint && <span className="text-xs font-normal text-muted">{t.hint}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
