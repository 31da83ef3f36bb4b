'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { ago, SeverityBadge } from '../alerts/severity-badge';
import { useInvalidateOnChange } from '../realtime/use-live-topic';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { Badge } from '../ui/badge';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { Empty, ErrorText, Loading } from '../ui/states';
import type { RuleAbilities } from './rule-editor';
import { RuleActions } from './rule-actions';

/** Every rule with its hit count and last fire; hits follow new alerts live. */
export function RulesList({ abilities }: { abilities: RuleAbilities }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const rules = useQuery(trpc.rules.list.queryOptions());
  useInvalidateOnChange('alerts', {
    changed: () => [trpc.rules.list.queryKey()],
    resync: [trpc.rules.list.queryKey()],
  });
  const toggle = useMutation({
    mutationFn: (r: { id: string; version: number; enabled: boolean }) =>
      client.rules.toggle.mutate({ id: r.id, version: r.version, enabled: !r.enabled }),
    onSettled: () => qc.invalidateQueries({ queryKey: trpc.rules.list.queryKey() }),
  });
  return (
    <section aria-labelledby="rules-heading">
      <div className="mb-4 flex items-center justify-between gap-3">
        <h1 id="rules-heading" className="text-xl font-semibold">
          Rules
        </h1>
        {abilities.canWrite && (
          <Link
            href="/rules/new"
            className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg no-underline hover:brightness-110"
          >
            New rule
          </Link>
        )}
      </div>
      {!abilities.canWrite && (
        <p className="mb-3 text-sm text-muted">
          Read-only: changing rules needs the admin role (rules:write). Open a rule to read it and test it against past
          events.
        </p>
      )}
      <ErrorText error={toggle.error} />
      {rules.isPending ? (
        <Loading label="Loading rules…" />
      ) : rules.isError ? (
        <ErrorText error={rules.error} />
      ) : rules.data.length === 0 ? (
        <Empty>No rules yet.{abilities.canWrite ? ' Create one, or start from a clone of a shipped rule.' : ''}</Empty>
      ) : (
        <Table aria-label="Rules">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Type</Th>
              <Th>Severity</Th>
              <Th>Enabled</Th>
              <Th className="text-right">Hits</Th>
              <Th>Last fired</Th>
              <Th>Owner</Th>
              {abilities.canWrite && <Th className="text-right">Actions</Th>}
            </tr>
          </THead>
          <TBody>
            {rules.data.map((r) => (
              <Tr key={r.id} data-rule-name={String(r.name)}>
                <Td className="max-w-72">
                  <Link href={`/rules/${r.id}`} className="font-medium">
                    {String(r.name)}
                  </Link>
                  <div className="truncate text-xs text-muted" title={String(r.category ?? '')}>
                    {String(r.category ?? '')}
                    {r.catalogueKey ? ' · shipped' : ''}
                  </div>
                  {!r.enabled && typeof r.disabledReason === 'string' && (
                    <div id={`off-${r.id}`} className="text-xs text-muted" data-testid="disabled-reason">
                      Off: {r.disabledReason}
                    </div>
                  )}
                </Td>
                <Td>
                  <Badge>{String(r.type)}</Badge>
                </Td>
                <Td>
                  <SeverityBadge severity={String(r.severity ?? 'NOTICE')} />
                </Td>
                <Td>
                  <label className="inline-flex items-center gap-1.5 text-xs">
                    <input
                      type="checkbox"
                      role="switch"
                      aria-checked={r.enabled}
                      aria-label={`Enabled: ${String(r.name)}`}
                      aria-describedby={!r.enabled && typeof r.disabledReason === 'string' ? `off-${r.id}` : undefined}
                      checked={r.enabled}
                      disabled={!abilities.canWrite || (toggle.isPending && toggle.variables?.id === r.id)}
                      onChange={() => toggle.mutate(r)}
                    />
                    {r.enabled ? 'on' : 'off'}
                  </label>
                </Td>
                <Td className="text-right tabular-nums">{r.hits}</Td>
                <Td className="whitespace-nowrap text-xs text-muted">{r.lastFiredAt ? ago(r.lastFiredAt) : 'never'}</Td>
                <Td className="max-w-40 truncate text-xs" title={r.owner}>
                  {r.owner}
                </Td>
                {abilities.canWrite && (
                  <Td>
                    <div className="flex justify-end">
                      <RuleActions rule={r} compact />
                    </div>
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
