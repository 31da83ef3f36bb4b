'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../realtime/trpc';
import { Label, Select } from '../ui/input';
import { ALERT_SEVERITIES, STATUS_LABELS } from './severity-badge';

export interface AlertFilterValues {
  status: string;
  severity: string;
  rule: string;
}

/** Status, severity and rule pickers; the values live in the URL (the console owns them). */
export function AlertFilters({ value, onChange }: { value: AlertFilterValues; onChange: (v: AlertFilterValues) => void }) {
  const trpc = useTRPC();
  const rules = useQuery(trpc.rules.list.queryOptions());
  return (
    <fieldset className="flex min-w-0 flex-wrap items-end gap-3" aria-label="Filters">
      <div>
        <Label htmlFor="filter-status">Status</Label>
        <Select id="filter-status" compact value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value })}>
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
        <Select id="filter-severity" compact value={value.severity} onChange={(e) => onChange({ ...value, severity: e.target.value })}>
          <option value="">Any severity</option>
          {ALERT_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="filter-rule">Rule</Label>
        <Select id="filter-rule" compact className="max-w-64" value={value.rule} onChange={(e) => onChange({ ...value, rule: e.target.value })}>
          <option value="">Any rule</option>
          {(rules.data ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {String(r.name)}
            </option>
          ))}
        </Select>
      </div>
    </fieldset>
  );
}
