'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Histogram } from '@/components/explorer/histogram';
import { TimePicker } from '@/components/explorer/time-picker';
import { useTRPC } from '@/components/realtime/trpc';
import { Badge } from '@/components/ui/badge';
import { Empty, ErrorText, Loading } from '@/components/ui/states';
import {
  checkEntity,
  ENTITY_DEFAULT_FROM,
  entityExplorerHref,
  entityQuery,
  type EntityKind,
} from '@/server/entities/entity-kinds';
import { EntityLink } from './entity-link';
import { EntityWatchActions } from './entity-watch-actions';

const KIND_LABEL: Record<EntityKind, string> = { ip: 'IP address', user: 'User', host: 'Host', domain: 'Domain' };

/** Regional-indicator letters: 'GB' → 🇬🇧. Only two ASCII letters are turned into a flag. */
function flag(code: string | undefined): string {
  if (!code || !/^[A-Z]{2}$/.test(code)) return '';
  return String.fromCodePoint(...[...code].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-xl border border-border bg-panel p-4" aria-label={title}>
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** /entity/{kind}/{value}: everything Picket knows about one IP, user, host or domain. */
export function EntityPage({
  kind,
  value,
  canWriteWatchlist,
  canWriteCases,
}: {
  kind: string;
  value: string;
  canWriteWatchlist: boolean;
  canWriteCases: boolean;
}) {
  const checked = checkEntity(kind, value);
  if (!checked.ok) {
    return (
      <div className="p-6">
        <h1 className="mb-2 text-lg font-semibold">Not an entity</h1>
        <p role="alert" className="text-sm text-danger">
          {checked.message}
        </p>
      </div>
    );
  }
  return (
    <EntityView
      kind={checked.kind}
      value={checked.value}
      canWriteWatchlist={canWriteWatchlist}
      canWriteCases={canWriteCases}
    />
  );
}

function EntityView({
  kind,
  value,
  canWriteWatchlist,
}: {
  kind: EntityKind;
  value: string;
  canWriteWatchlist: boolean;
  canWriteCases: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const from = params.get('from') || ENTITY_DEFAULT_FROM;
  const to = params.get('to') || 'now';
  const entity = useQuery(trpc.entities.get.queryOptions({ kind, value, from, to }));
  const setRange = (f: string, t: string) => router.replace(`?${new URLSearchParams({ from: f, to: t })}`);
  const query = entityQuery(kind, value);
  const e = entity.data;

  return (
    <div className="mx-auto max-w-6xl space-y-4 p-6">
      <header className="flex flex-wrap items-start gap-4">
        <div className="min-w-0 flex-1">
          <p className="text-xs uppercase tracking-wide text-muted">{KIND_LABEL[kind]}</p>
          <h1 className="break-all font-mono text-2xl font-semibold" data-testid="entity-value">
            {value}
          </h1>
          {e?.geo && (
            <p className="mt-1 text-sm" data-testid="entity-geo">
              <span aria-hidden>{flag(e.geo.country_code)} </span>
              {[e.geo.city, e.geo.region, e.geo.country_name ?? e.geo.country_code].filter(Boolean).join(', ')}
            </p>
          )}
          {e && (
            <p className="mt-1 text-sm text-muted">
              First seen {when(e.firstSeen)} · last seen {when(e.lastSeen)} ·{' '}
              <span data-testid="entity-count">{e.eventCount.toLocaleString()}</span>
              {e.eventCount >= 10_000 ? '+' : ''} events
            </p>
          )}
        </div>
        <div className="flex flex-col items-end gap-2">
          <TimePicker from={from} to={to} onChange={setRange} />
          {e && <EntityWatchActions kind={kind} value={value} watch={e.watch} canWrite={canWriteWatchlist} />}
        </div>
      </header>

      <Section title="Events">
        <p className="mb-2 break-all font-mono text-xs text-muted" data-testid="entity-query">
          {query}
        </p>
        <Link className="text-sm text-accent underline" href={entityExplorerHref(kind, value, from, to)}>
          Open in explorer
        </Link>
        {entity.isPending ? (
          <Loading />
        ) : entity.error ? (
          <ErrorText error={entity.error} />
        ) : e!.eventCount === 0 ? (
          <Empty>No events mention this {kind} in the range.</Empty>
        ) : (
          <Histogram
            buckets={e!.histogram.buckets}
            fromMs={Date.parse(e!.histogram.from)}
            toMs={Date.parse(e!.histogram.to)}
            intervalMs={e!.histogram.intervalMs}
            onZoom={setRange}
          />
        )}
      </Section>

      {e && (
        <div className="grid gap-4 md:grid-cols-2">
          <Section title="Alerts">
            {e.alerts.length === 0 ? (
              <Empty>No alert was raised on events that mention it.</Empty>
            ) : (
              <ul className="divide-y divide-border text-sm">
                {e.alerts.map((a) => (
                  <li key={a.id} className="flex items-center gap-2 py-1.5">
                    <Badge tone={a.severity === 'CRITICAL' || a.severity === 'ERROR' ? 'danger' : 'neutral'}>
                      {a.severity}
                    </Badge>
                    <span className="min-w-0 flex-1 truncate" title={a.summary}>
                      {a.summary}
                    </span>
                    <span className="text-xs text-muted">{a.status}</span>
                    <time className="text-xs text-muted">{when(a.utctimestamp)}</time>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Incidents and investigations">
            {e.cases.length === 0 ? (
              <Empty>No case names it as an indicator or holds its events as evidence.</Empty>
            ) : (
              <ul className="divide-y divide-border text-sm">
                {e.cases.map((c) => (
                  <li key={c.id} className="flex items-center gap-2 py-1.5">
                    <Link className="min-w-0 flex-1 truncate text-accent hover:underline" href={c.href}>
                      {c.summary}
                    </Link>
                    <Badge>{c.kind}</Badge>
                    <span className="text-xs text-muted">{c.phase}</span>
                    <span className="text-xs text-muted">{c.via}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Related">
            {e.related.length === 0 ? (
              <Empty>No related entities in the range.</Empty>
            ) : (
              <ul className="text-sm">
                {e.related.map((r) => (
                  <li key={`${r.kind}\n${r.value}`} className="flex items-center gap-2 py-0.5">
                    <span className="w-12 text-xs text-muted">{r.kind}</span>
                    <EntityLink kind={r.kind} value={r.value} className="min-w-0 flex-1 truncate font-mono" />
                    <span className="tabular-nums text-xs text-muted">{r.count.toLocaleString()}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      )}
    </div>
  );
}
