'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { TimePicker } from '@/components/explorer/time-picker';
import { useTRPC } from '@/components/realtime/trpc';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Empty, ErrorText, Loading } from '@/components/ui/states';
import { countdown } from '@/components/watchlist/watch-types';
import { ENTITY_DEFAULT_FROM } from '@/server/entities/entity-kinds';
import { EntityLink } from './entity-link';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** MozDef's attackers view: source IPs by alerts and failed logins, one click to block or open a case. */
export function AttackersPage({ canBlock, canOpenCase }: { canBlock: boolean; canOpenCase: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const params = useSearchParams();
  const from = params.get('from') || ENTITY_DEFAULT_FROM;
  const to = params.get('to') || 'now';
  const list = useQuery(trpc.entities.attackers.queryOptions({ from, to }));
  const refresh = { onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.entities.attackers.pathKey() }) };
  const block = useMutation(trpc.watchlist.create.mutationOptions(refresh));
  const createCase = useMutation(trpc.cases.create.mutationOptions());
  const addIndicator = useMutation(trpc.cases.addIndicator.mutationOptions());

  async function openCase(ip: string) {
    const c = await createCase.mutateAsync({ kind: 'investigation', summary: `Attacker ${ip}` });
    await addIndicator.mutateAsync({
      caseId: c.id,
      indicator: { type: 'ip', value: ip, note: 'From the attackers view' },
    });
    router.push(`/investigations/${c.id}`);
  }

  return (
    <div className="mx-auto max-w-6xl space-y-4 p-6">
      <header className="flex items-center gap-4">
        <div className="flex-1">
          <h1 className="text-lg font-semibold">Attackers</h1>
          <p className="text-sm text-muted">
            Source IPs behind the most alerts, then the most failed logins (
            {list.data?.failedLoginQuery ?? 'details.success:false'}).
          </p>
        </div>
        <TimePicker
          from={from}
          to={to}
          onChange={(f, t) => router.replace(`?${new URLSearchParams({ from: f, to: t })}`)}
        />
      </header>
      <ErrorText error={block.error ?? createCase.error ?? addIndicator.error} />
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorText error={list.error} />
      ) : list.data.attackers.length === 0 ? (
        <Empty>No alerts or failed logins with a source IP in this range.</Empty>
      ) : (
        <table className="w-full text-sm [&_td]:px-2 [&_th]:px-2">
          <thead className="text-left text-xs text-muted">
            <tr>
              <th className="py-1">IP</th>
              <th>Location</th>
              <th className="text-right">Alerts</th>
              <th className="text-right">Failed logins</th>
              <th>First seen</th>
              <th>Last seen</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.attackers.map((a) => (
              <tr key={a.ip} className="border-t border-border" data-attacker={a.ip}>
                <td className="py-1.5 font-mono">
                  <EntityLink kind="ip" value={a.ip} />
                </td>
                <td>{[a.geo?.city, a.geo?.country_name ?? a.geo?.country_code].filter(Boolean).join(', ') || '—'}</td>
                <td className="text-right tabular-nums">{a.alerts.toLocaleString()}</td>
                <td className="text-right tabular-nums">{a.failedLogins.toLocaleString()}</td>
                <td className="text-xs text-muted">{when(a.firstSeen)}</td>
                <td className="text-xs text-muted">{when(a.lastSeen)}</td>
                <td>
                  {a.block ? (
                    <Badge tone="danger">
                      Blocked{a.block.value === a.ip ? '' : ` by ${a.block.value}`} ·{' '}
                      {countdown(a.block.expiresAt, Date.now())}
                    </Badge>
                  ) : (
                    <Badge>Not blocked</Badge>
                  )}
                </td>
                <td className="space-x-1 whitespace-nowrap text-right">
                  {canBlock && !a.block && (
                    <Button
                      size="sm"
                      variant="danger"
                      disabled={block.isPending}
                      onClick={() =>
                        block.mutate({
                          list: 'blockip',
                          item: { value: a.ip, duration: '1d', comment: 'Blocked from the attackers view' },
                        })
                      }
                    >
                      Block 1d
                    </Button>
                  )}
                  {canOpenCase && (
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={createCase.isPending || addIndicator.isPending}
                      onClick={() => void openCase(a.ip).catch(() => undefined)}
                    >
                      Open case
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
