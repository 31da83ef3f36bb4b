'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../realtime/trpc';
import { Label, Select } from '../ui/input';
import { ErrorText, Loading } from '../ui/states';
import { cn } from '../ui/cn';
import { diffLines } from './json-diff';
import { definitionOf, pretty } from './rule-draft';

/** Saved versions, with a unified or side-by-side diff of the JSON between any two. */
export function RuleHistory({ id, version }: { id: string; version: number }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.rules.versions.queryOptions({ id }));
  const [pick, setPick] = useState<{ a?: number; b?: number }>({});
  const [mode, setMode] = useState<'unified' | 'split'>('unified');
  if (versions.isPending) return <Loading label="Loading versions…" />;
  if (versions.isError) return <ErrorText error={versions.error} />;
  const all = versions.data;
  const b = all.find((v) => v.version === (pick.b ?? all[0]?.version));
  const a = all.find((v) => v.version === (pick.a ?? all[1]?.version ?? all[0]?.version));
  const label = (v: (typeof all)[number]) =>
    `v${v.version} · ${v.changedBy} · ${new Date(v.changedAt).toLocaleString()}`;
  const show = (v: (typeof all)[number]) => pretty(definitionOf({ ...v.definition, enabled: v.enabled }));
  const lines = a && b ? diffLines(show(a), show(b)) : [];
  return (
    <section
      aria-labelledby="history-heading"
      className="rounded-lg border border-border bg-panel p-4"
      data-version={version}
    >
      <h2 id="history-heading" className="mb-2 text-base font-semibold">
        History ({all.length} version{all.length === 1 ? '' : 's'})
      </h2>
      <div className="mb-3 flex flex-wrap items-end gap-2">
        {(['a', 'b'] as const).map((k) => (
          <div key={k}>
            <Label htmlFor={`diff-${k}`}>{k === 'a' ? 'Compare' : 'with'}</Label>
            <Select
              id={`diff-${k}`}
              compact
              value={(k === 'a' ? a : b)?.version ?? ''}
              onChange={(e) => setPick((p) => ({ ...p, [k]: Number(e.target.value) }))}
            >
              {all.map((v) => (
                <option key={v.version} value={v.version}>
                  {label(v)}
                </option>
              ))}
            </Select>
          </div>
        ))}
        <div>
          <Label htmlFor="diff-mode">View</Label>
          <Select id="diff-mode" compact value={mode} onChange={(e) => setMode(e.target.value as 'unified' | 'split')}>
            <option value="unified">Unified</option>
            <option value="split">Side by side</option>
          </Select>
        </div>
      </div>
      {a?.version === b?.version ? (
        <p className="text-sm text-muted">Only one version so far: save a change to compare.</p>
      ) : mode === 'unified' ? (
        // biome-ignore lint/a11y/useSemanticElements: a <section> cannot keep the diff's whitespace as <pre> does
        <pre
          role="region"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs keyboard access (WCAG 2.1.1)
          tabIndex={0}
          className="max-h-96 overflow-auto rounded-md border border-border bg-bg p-2 text-xs"
          aria-label="Diff"
        >
          {lines.map((l, i) => (
            <div key={i} className={cn(l.op === '+' && 'bg-ok/15 text-ok', l.op === '-' && 'bg-danger/15 text-danger')}>
              {l.op} {l.text}
            </div>
          ))}
        </pre>
      ) : (
        <div className="grid max-h-96 grid-cols-2 gap-2 overflow-auto text-xs">
          {[a!, b!].map((v, side) => (
            <pre key={side} className="rounded-md border border-border bg-bg p-2">
              <div className="mb-1 text-muted">v{v.version}</div>
              {lines
                .filter((l) => l.op === ' ' || (side === 0 ? l.op === '-' : l.op === '+'))
                .map((l, i) => (
                  <div
                    key={i}
                    className={cn(l.op === '+' && 'bg-ok/15 text-ok', l.op === '-' && 'bg-danger/15 text-danger')}
                  >
                    {l.text}
                  </div>
                ))}
            </pre>
          ))}
        </div>
      )}
    </section>
  );
}
