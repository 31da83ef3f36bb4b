'use client';

import { renderSummary } from '@/server/alerts/summary-template';
import type { PicketEvent } from '@/server/ingest/event';
import { ALERT_SEVERITIES } from '../alerts/severity-badge';
import { Input, Label, Select } from '../ui/input';
import { RuleNotifyField } from './rule-notify-field';
import { RuleTypeFields } from './rule-type-fields';
import {
  list,
  RULE_TYPES,
  sampleEvents,
  splitList,
  str,
  TYPE_HELP,
  withField,
  withType,
  type Draft,
  type FormType,
} from './rule-draft';

export interface Validation {
  ok: boolean;
  message: string | null;
  query: string | null;
  steps: Array<string | null>;
}

export const TEXTAREA =
  'w-full rounded-md border border-border bg-bg px-2.5 py-2 font-mono text-sm text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-accent';

export function FieldError({ id, text }: { id: string; text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p id={id} role="alert" className="mt-1 font-mono text-xs text-danger">
      {text}
    </p>
  );
}

/** The form view of a rule: common fields, then the fields of its type. */
export function RuleForm({
  draft,
  onChange,
  validation,
  previewEvents,
}: {
  draft: Draft;
  onChange: (d: Draft) => void;
  validation?: Validation;
  previewEvents?: readonly PicketEvent[];
}) {
  const type = (RULE_TYPES as readonly string[]).includes(str(draft.type)) ? (draft.type as FormType) : undefined;
  const set = (key: string, value: unknown) => onChange(withField(draft, key, value));
  const template = str(draft.summary);
  const count = typeof draft.threshold === 'number' ? draft.threshold : 1;
  let preview = '';
  try {
    preview = renderSummary(template, {
      events: previewEvents?.length ? previewEvents : sampleEvents(template, count),
      ruleName: str(draft.name),
      distinct: count,
    });
  } catch {
    preview = '';
  }
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <div>
        <Label htmlFor="rule-name">Name</Label>
        <Input
          id="rule-name"
          required
          maxLength={200}
          value={str(draft.name)}
          onChange={(e) => set('name', e.target.value)}
          placeholder="ssh brute force"
        />
      </div>
      <div>
        <Label htmlFor="rule-type">Type</Label>
        <Select
          id="rule-type"
          value={type ?? ''}
          onChange={(e) => onChange(withType(draft, e.target.value as FormType))}
        >
          {!type && <option value="">{str(draft.type) || 'choose'} (not editable in the form)</option>}
          {RULE_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        {type && <p className="mt-1 text-xs text-muted">{TYPE_HELP[type]}</p>}
      </div>
      <div className="md:col-span-2">
        <Label htmlFor="rule-query">Query (Lucene)</Label>
        <textarea
          id="rule-query"
          rows={2}
          className={TEXTAREA}
          value={str(draft.query)}
          aria-invalid={!!validation?.query}
          aria-describedby={validation?.query ? 'rule-query-error' : undefined}
          onChange={(e) => set('query', e.target.value)}
          placeholder="category:authentication AND details.success:false"
        />
        <FieldError id="rule-query-error" text={validation?.query} />
      </div>
      {type && <RuleTypeFields type={type} draft={draft} onChange={onChange} validation={validation} />}
      <div>
        <Label htmlFor="rule-severity">Severity</Label>
        <Select
          id="rule-severity"
          value={str(draft.severity).toUpperCase() || 'NOTICE'}
          onChange={(e) => set('severity', e.target.value)}
        >
          {ALERT_SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="rule-category">Alert category</Label>
        <Input
          id="rule-category"
          required
          value={str(draft.category)}
          onChange={(e) => set('category', e.target.value)}
          placeholder="bruteforce"
        />
      </div>
      <div>
        <Label htmlFor="rule-tags">Tags (comma-separated)</Label>
        <Input
          id="rule-tags"
          value={list(draft.tags).join(', ')}
          onChange={(e) => set('tags', splitList(e.target.value))}
          placeholder="ssh, auth"
        />
      </div>
      <div>
        <Label htmlFor="rule-suppress">Quiet period per group (optional)</Label>
        <Input
          id="rule-suppress"
          value={str(draft.suppress)}
          onChange={(e) => set('suppress', e.target.value.trim())}
          placeholder="e.g. 30m"
        />
      </div>
      <div className="md:col-span-2">
        <Label htmlFor="rule-summary">Summary template</Label>
        <Input
          id="rule-summary"
          className="font-mono"
          required
          value={template}
          onChange={(e) => set('summary', e.target.value)}
        />
        <p className="mt-1 text-xs text-muted">
          Placeholders: <code>{'{count}'}</code> <code>{'{distinct}'}</code> <code>{'{hostnames}'}</code>{' '}
          <code>{'{values:field}'}</code> <code>{'{rule}'}</code> <code>{'{details.field}'}</code>
        </p>
        <p className="mt-1 text-sm" data-testid="summary-preview">
          <span className="text-muted">Preview{previewEvents?.length ? ' (first would-be alert)' : ''}: </span>
          {preview || <span className="text-muted">—</span>}
        </p>
      </div>
      <div className="md:col-span-2">
        <Label htmlFor="rule-description">Description (optional)</Label>
        <textarea
          id="rule-description"
          rows={2}
          className={TEXTAREA.replace('font-mono ', '')}
          value={str(draft.description)}
          onChange={(e) => set('description', e.target.value)}
        />
      </div>
      <RuleNotifyField draft={draft} onChange={onChange} />
      <label className="flex items-center gap-2 text-sm md:col-span-2">
        <input type="checkbox" checked={draft.enabled !== false} onChange={(e) => set('enabled', e.target.checked)} />{' '}
        Enabled (evaluated live once saved)
      </label>
    </div>
  );
}
