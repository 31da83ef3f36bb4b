'use client';

import { useMutation } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, FlaskConical } from 'lucide-react';
import { useState } from 'react';
import { EventList } from '../alerts/event-list';
import { SeverityBadge } from '../alerts/severity-badge';
import { useTRPCClient } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { ErrorText } from '../ui/states';
import type { Draft, TestResult } from './rule-draft';

const QUICK = [
  ['now-1h', 'Last 1 h'],
  ['now-24h', 'Last 24 h'],
  ['now-7d', 'Last 7 d'],
] as const;

/** "Test before saving": the draft over a past range (rules.test); shows what it would have raised. Stores nothing. */
export function RuleTestPanel({ draft, onResult }: { draft: Draft; onResult?: (r: TestResult | undefined) => void }) {
  const client = useTRPCClient();
  const [from, setFrom] = useState('now-24h');
  const [to, setTo] = useState('now');
  const [open, setOpen] = useState<Set<number>>(new Set());
  const test = useMutation({
    mutationFn: () => client.rules.test.mutate({ rule: draft, from, to }),
    onMutate: () => setOpen(new Set()),
    onSuccess: (r) => onResult?.(r),
    onError: () => onResult?.(undefined),
  });
  const r = test.data;
  return (
    <section aria-labelledby="test-heading" className="rounded-lg border border-border bg-panel p-4">
      <h2 id="test-heading" className="mb-1 text-base font-semibold">
        Test before saving
      </h2>
      <p className="mb-3 text-sm text-muted">
        Runs this draft over stored events of a past range with the live engine&apos;s code. Nothing is stored and no
        one is notified.
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <fieldset aria-label="Quick ranges" className="flex min-w-0 gap-1">
          {QUICK.map(([v, l]) => (
            <Button
              key={v}
              size="sm"
              variant={from === v && to === 'now' ? 'primary' : 'secondary'}
              aria-pressed={from === v && to === 'now'}
              onClick={() => (setFrom(v), setTo('now'))}
            >
              {l}
            </Button>
          ))}
        </fieldset>
        <div>
          <Label htmlFor="test-from">From</Label>
          <Input id="test-from" className="h-8 w-44 text-xs" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div>
          <Label htmlFor="test-to">To</Label>
          <Input id="test-to" className="h-8 w-44 text-xs" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <Button size="sm" onClick={() => test.mutate()} disabled={test.isPending}>
          <FlaskConical size={14} /> {test.isPending ? 'Testing…' : 'Run test'}
        </Button>
      </div>
      <div className="mt-3" aria-live="polite">
        <ErrorText error={test.error} />
        {r && (
          <div data-testid="test-result">
            <p className="mb-2 text-sm">
              <strong data-testid="matched-count">{r.matched}</strong> event{r.matched === 1 ? '' : 's'} matched ·{' '}
              <strong data-testid="would-alert-count">{r.alerts.length}</strong> alert{r.alerts.length === 1 ? '' : 's'}{' '}
              would have been raised
              {r.truncated && <span className="text-muted"> (range truncated: narrow it for exact figures)</span>}
            </p>
            {r.alerts.length === 0 ? (
              <p className="text-sm text-muted">No alerts in this range. Widen the range or loosen the rule.</p>
            ) : (
              <ul className="divide-y divide-border rounded-md border border-border" aria-label="Would-be alerts">
                {r.alerts.map((a, i) => (
                  <li key={i} data-testid="would-be-alert">
                    <button
                      type="button"
                      aria-expanded={open.has(i)}
                      className="flex w-full items-center gap-2 px-3 py-2 text-left text-sm hover:bg-panel-2"
                      onClick={() =>
                        setOpen((s) => (s.has(i) ? new Set([...s].filter((x) => x !== i)) : new Set([...s, i])))
                      }
                    >
                      {open.has(i) ? <ChevronDown size={14} /> : <ChevronRight size={14} />}
                      <SeverityBadge severity={a.severity} />
                      <span className="min-w-0 flex-1 break-words">{a.summary}</span>
                      <span className="whitespace-nowrap text-xs text-muted">
                        {a.eventCount} events · {new Date(a.utctimestamp).toLocaleString()}
                      </span>
                    </button>
                    {open.has(i) && (
                      <div className="px-3 pb-3">
                        <EventList events={a.events} total={a.eventCount} />
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
