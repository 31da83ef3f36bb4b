'use client';

import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { KIND_TOPIC } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { useInvalidateOnChange } from '@/components/realtime/use-live-topic';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { Empty, ErrorText, Loading } from '../ui/states';

const CATEGORY_LABEL: Record<string, string> = {
  actor: 'Actor',
  action: 'Action',
  asset: 'Asset',
  attribute: 'Attribute',
  other: 'Other tags',
};

/** A day picked in the viewer's zone → the instant it starts; `end` → the instant the day ends. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (end) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** /incidents/veris: how many incidents carry each VERIS tag, by category, each count linking to those incidents. */
export function VerisStatsView() {
  const trpc = useTRPC();
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const from = dayBoundary(fromDay, false);
  const to = dayBoundary(toDay, true);
  const badRange = Boolean(from && to && from >= to);
  const ranged = Boolean(from || to);
  const stats = useQuery({
    ...trpc.cases.verisStats.queryOptions({ ...(from ? { from } : {}), ...(to ? { to } : {}) }),
    enabled: !badRange,
  });
  // Tags are edited on incidents: any incident change may move a count.
  useInvalidateOnChange(KIND_TOPIC.incident, {
    changed: () => [trpc.cases.verisStats.pathKey()],
    resync: [trpc.cases.verisStats.pathKey()],
  });
  const max = Math.max(1, ...(stats.data?.categories.flatMap((c) => c.tags.map((t) => t.count)) ?? []));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-xl font-semibold">VERIS statistics</h1>
        <Link href="/incidents" className="flex items-center gap-1 text-sm text-accent hover:underline">
          <ArrowLeft size={14} /> Incidents
        </Link>
      </div>
      <p className="text-sm text-muted">
        How many incidents carry each VERIS tag (Vocabulary for Event Recording and Incident Sharing), by category. Pick
        a count to list those incidents.
      </p>
      <form aria-label="Date range" className="flex flex-wrap items-end gap-2" onSubmit={(e) => e.preventDefault()}>
        <div>
          <Label htmlFor="veris-from">Opened from</Label>
          <Input
            id="veris-from"
            type="date"
            value={fromDay}
            onChange={(e) => setFromDay(e.target.value)}
            className="w-44"
          />
        </div>
        <div>
          <Label htmlFor="veris-to">Opened to (inclusive)</Label>
          <Input
            id="veris-to"
            type="date"
            value={toDay}
            onChange={(e) => setToDay(e.target.value)}
            className="w-44"
            aria-invalid={badRange}
            aria-describedby={badRange ? 'veris-range-error' : undefined}
          />
        </div>
        {ranged && (
          <Button
            variant="ghost"
            onClick={() => {
              setFromDay('');
              setToDay('');
            }}
          >
            All time
          </Button>
        )}
        {stats.data && !badRange && (
          <p data-testid="veris-total" className="ml-auto self-center text-sm text-muted">
            {stats.data.incidents} incident{stats.data.incidents === 1 ? '' : 's'} with VERIS tags
            {ranged ? ' opened in this range' : ''}
          </p>
        )}
      </form>
      {badRange ? (
        <p id="veris-range-error" role="alert" className="text-sm text-danger">
          The start of the range must be on or before its end.
        </p>
      ) : stats.isPending ? (
        <Loading label="Loading VERIS statistics…" />
      ) : stats.isError ? (
        <ErrorText error={stats.error} />
      ) : stats.data.categories.length === 0 ? (
        ranged ? (
          <Empty>No incidents opened in this date range carry VERIS tags.</Empty>
        ) : (
          <div className="py-6 text-center text-sm text-muted">
            <p className="font-medium text-fg">No incidents carry VERIS tags yet</p>
            <p className="mt-1">
              Add them on an incident&apos;s page under Details → VERIS tags (for example{' '}
              <code>action.Hacking.Brute force</code>), or send <code>{'"tags"'}</code> with <code>POST /incident</code>
              .{' '}
              <Link href="/incidents" className="text-accent hover:underline">
                Go to incidents
              </Link>
            </p>
          </div>
        )
      ) : (
        stats.data.categories.map((c) => (
          <section key={c.category} aria-labelledby={`veris-${c.category}`} className="space-y-2">
            <h2 id={`veris-${c.category}`} className="text-sm font-semibold">
              {CATEGORY_LABEL[c.category] ?? c.category}
            </h2>
            <Table data-testid={`veris-${c.category}`}>
              <THead>
                <tr>
                  <Th>Tag</Th>
                  <Th className="w-64">Incidents</Th>
                  <Th>By phase</Th>
                </tr>
              </THead>
              <TBody>
                {c.tags.map((t) => (
                  <Tr key={t.tag} data-veris-tag={t.tag}>
                    <Td>
                      <div className="font-medium">{t.name}</div>
                      <div className="font-mono text-xs text-muted">{t.tag}</div>
                    </Td>
                    <Td>
                      <Link
                        href={`/incidents?veris=${encodeURIComponent(t.tag)}`}
                        aria-label={`${t.count} incident${t.count === 1 ? '' : 's'} tagged ${t.tag}`}
                        className="flex items-center gap-2 text-accent hover:underline"
                      >
                        <span className="w-8 text-right font-semibold tabular-nums">{t.count}</span>
                        <span
                          aria-hidden
                          className="h-2 rounded bg-accent/60"
                          style={{ width: `${Math.max(4, (t.count / max) * 160)}px` }}
                        />
                      </Link>
                    </Td>
                    <Td className="text-xs text-muted">
                      {Object.entries(t.phases)
                        .map(([phase, n]) => `${phase} ${n}`)
                        .join(' · ')}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </section>
        ))
      )}
    </div>
  );
}
