'use client';

import { Plus, X } from 'lucide-react';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { FieldError, TEXTAREA, type Validation } from './rule-form';
import { list, splitList, str, withField, type Draft, type FormType } from './rule-draft';

/** Fields only some rule types have: group-by, threshold, window, distinct field, steps. */
export function RuleTypeFields({
  type,
  draft,
  onChange,
  validation,
}: {
  type: FormType;
  draft: Draft;
  onChange: (d: Draft) => void;
  validation?: Validation;
}) {
  const set = (key: string, value: unknown) => onChange(withField(draft, key, value));
  const grouping =
    typeof draft.grouping === 'object' && draft.grouping !== null ? (draft.grouping as Record<string, unknown>) : {};
  const steps = Array.isArray(draft.steps) ? (draft.steps as Array<{ query?: unknown }>) : [];
  const setStep = (i: number, q: string | null) =>
    set(
      'steps',
      q === null ? steps.filter((_, j) => j !== i) : steps.map((s, j) => (j === i ? { ...s, query: q } : s)),
    );
  return (
    <>
      {type !== 'deadman' && (
        <div>
          <Label htmlFor="rule-groupby">Group by (comma-separated fields)</Label>
          <Input
            id="rule-groupby"
            className="font-mono"
            value={list(draft.groupBy).join(', ')}
            onChange={(e) => set('groupBy', splitList(e.target.value))}
            placeholder="details.sourceipaddress"
          />
        </div>
      )}
      {type !== 'match' && (
        <div>
          <Label htmlFor="rule-window">Window</Label>
          <Input
            id="rule-window"
            value={str(draft.window)}
            onChange={(e) => set('window', e.target.value.trim())}
            placeholder="e.g. 5m"
          />
          <p className="mt-1 text-xs text-muted">30s, 2m, 1h, 1d (up to 7d)</p>
        </div>
      )}
      {(type === 'threshold' || type === 'cardinality') && (
        <div>
          <Label htmlFor="rule-threshold">
            {type === 'threshold' ? 'Threshold (events)' : 'Threshold (distinct values)'}
          </Label>
          <Input
            id="rule-threshold"
            type="number"
            min={1}
            max={10000}
            value={typeof draft.threshold === 'number' ? draft.threshold : ''}
            onChange={(e) => set('threshold', e.target.value === '' ? undefined : Number(e.target.value))}
          />
        </div>
      )}
      {(type === 'threshold' || type === 'cardinality') && (
        <label className="flex items-start gap-2 text-sm md:col-span-2">
          <input
            type="checkbox"
            className="mt-1"
            checked={grouping.enabled === true}
            onChange={(e) => set('grouping', e.target.checked ? { ...grouping, enabled: true } : undefined)}
          />
          <span>
            Group repeated crossings into the open alert
            <span className="block text-xs text-muted">
              While this group&apos;s alert is new or acknowledged, another crossing counts into it (×N, no new
              notification) instead of raising a new alert.
            </span>
          </span>
        </label>
      )}
      {type === 'cardinality' && (
        <div>
          <Label htmlFor="rule-distinct">Distinct field</Label>
          <Input
            id="rule-distinct"
            className="font-mono"
            value={str(draft.distinct)}
            onChange={(e) => set('distinct', e.target.value.trim())}
            placeholder="details.destinationport"
          />
        </div>
      )}
      {type === 'sequence' && (
        <fieldset className="md:col-span-2">
          <legend className="mb-1 text-xs font-semibold text-muted">Steps, in order (2 to 10)</legend>
          <ol className="space-y-2">
            {steps.map((s, i) => (
              <li key={i} className="flex items-start gap-2">
                <span className="mt-2 w-5 text-xs text-muted">{i + 1}.</span>
                <div className="flex-1">
                  <textarea
                    rows={1}
                    aria-label={`Step ${i + 1} query`}
                    className={TEXTAREA}
                    value={str(s.query)}
                    onChange={(e) => setStep(i, e.target.value)}
                  />
                  <FieldError id={`rule-step-${i}-error`} text={validation?.steps[i]} />
                </div>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove step ${i + 1}`}
                  disabled={steps.length <= 2}
                  onClick={() => setStep(i, null)}
                >
                  <X size={14} />
                </Button>
              </li>
            ))}
          </ol>
          <Button
            variant="secondary"
            size="sm"
            className="mt-2"
            disabled={steps.length >= 10}
            onClick={() => set('steps', [...steps, { query: '' }])}
          >
            <Plus size={14} /> Add step
          </Button>
        </fieldset>
      )}
    </>
  );
}
