'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../realtime/trpc';
import { Input, Label, Select } from '../ui/input';
import type { Assignee } from './alert-types';
import { ALERT_SEVERITIES, STATUS_LABELS } from './severity-badge';

export interface AlertFilterValues {
  status: string;
  severity: string;
  rule: string;
  /** Free text over summary, category, group key, tags, rule name. */
  text: string;
  /** IP, user, host or domain (a whole token). */
  entity: string;
  /** '' anyone, 'me', 'none' (unassigned) or an email. */
  assignee: string;
  sort: 'severity' | 'time';
}

/** A text box that reports its value once typing pauses (the URL is not rewritten per keystroke); Enter reports at once. */
function DebouncedInput({
  id,
  value,
  onChange,
  ...rest
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  className?: string;
}) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  // A URL change from elsewhere (back button, a link) replaces the draft.
  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const report = (v: string) => {
    clearTimeout(timer.current);
    latest.current(v.trim());
  };
  return (
    <Input
      id={id}
      type="search"
      value={draft}
      onChange={(e) => {
        const v = e.target.value;
        setDraft(v);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => report(v), 300);
      }}
      onKeyDown={(e) => e.key === 'Enter' && report(draft)}
      {...rest}
    />
  );
}

/** The console's filters and sort; the values live in the URL (the console owns them). */
export function AlertFilters({
  value,
  onChange,
  assignees,
}: {
  value: AlertFilterValues;
  onChange: (patch: Partial<AlertFilterValues>) => void;
  assignees: readonly Assignee[];
}) {
  const trpc = useTRPC();
  const rules = useQuery(trpc.rules.list.queryOptions());
  const set = onChange;
  return (
    <fieldset className="flex min-w-0 flex-wrap items-end gap-3" aria-label="Filters">
      <div>
        <Label htmlFor="filter-text">Search</Label>
        <DebouncedInput
          id="filter-text"
          className="w-48"
          value={value.text}
          onChange={(text) => set({ text })}
          placeholder="Summary, rule, tag…"
        />
      </div>
      <div>
        <Label htmlFor="filter-entity">IP, user or host</Label>
        <DebouncedInput
          id="filter-entity"
          className="w-40 font-mono"
          value={value.entity}
          onChange={(entity) => set({ entity })}
          placeholder="203.0.113.9"
        />
      </div>
      <div>
        <Label htmlFor="filter-status">Status</Label>
        <Select id="filter-status" compact value={value.status} onChange={(e) => set({ status: e.target.value })}>
          <option value="open">Open (new, acknowledged, escalated)</option>
          <option value="">Any status</option>
          {Object.entries(STATUS_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="filter-severity">Severity</Label>
        <Select id="filter-severity" compact value={value.severity} onChange={(e) => set({ severity: e.target.value })}>
          <option value="">Any severity</option>
          {ALERT_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="filter-assignee">Assignee</Label>
        <Select
          id="filter-assignee"
          compact
          className="max-w-48"
          value={value.assignee}
          onChange={(e) => set({ assignee: e.target.value })}
        >
          <option value="">Anyone</option>
          <option value="me">Mine</option>
          <option value="none">Unassigned</option>
          {value.assignee &&
            !['me', 'none'].includes(value.assignee) &&
            !assignees.some((u) => u.email === value.assignee) && (
              <option value={value.assignee}>{value.assignee}</option>
            )}
          {assignees.map((u) => (
            <option key={u.id} value={u.email}>
              {u.name || u.email}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="filter-rule">Rule</Label>
        <Select
          id="filter-rule"
          compact
          className="max-w-64"
          value={value.rule}
          onChange={(e) => set({ rule: e.target.value })}
        >
          <option value="">Any rule</option>
          {(rules.data ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {String(r.name)}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="filter-sort">Sort</Label>
        <Select
          id="filter-sort"
          compact
          value={value.sort}
          onChange={(e) => set({ sort: e.target.value as AlertFilterValues['sort'] })}
        >
          <option value="severity">Severity, then newest</option>
          <option value="time">Newest first</option>
        </Select>
      </div>
    </fieldset>
  );
}
