'use client';

import { Label } from '../ui/input';
import { FieldError, TEXTAREA } from './rule-form';

/**
 * The code view. Its text is its own state: a valid edit updates the draft (and so the form); an
 * invalid one shows the parse error and leaves the draft as it was.
 */
export function RuleJsonView({
  text,
  error,
  onText,
  readOnly,
}: {
  text: string;
  error?: string;
  onText: (t: string) => void;
  readOnly?: boolean;
}) {
  return (
    <div>
      <Label htmlFor="rule-json">Rule JSON</Label>
      <textarea
        id="rule-json"
        spellCheck={false}
        rows={22}
        readOnly={readOnly}
        className={TEXTAREA}
        value={text}
        aria-invalid={!!error}
        aria-describedby={error ? 'rule-json-error' : undefined}
        onChange={(e) => onText(e.target.value)}
      />
      <FieldError
        id="rule-json-error"
        text={error ? `Invalid JSON: ${error} (the form keeps the last valid rule)` : undefined}
      />
    </div>
  );
}
