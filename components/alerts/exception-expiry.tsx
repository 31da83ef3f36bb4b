'use client';

import { Label, Select } from '../ui/input';

/** How long a new exception applies; "never" has to be picked on purpose. */
export const EXPIRY_CHOICES = [
  { value: '1', label: '1 day' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: 'never', label: 'Never expires' },
] as const;
export const DEFAULT_EXPIRY = '30';

/** The addException expiresAt for a choice: an ISO time, or null for never. */
export function expiryToIso(choice: string, now = Date.now()): string | null {
  return choice === 'never' ? null : new Date(now + Number(choice) * 86_400_000).toISOString();
}

/** "expires in 30 days" style text for the exceptions list. */
export function expiryText(expiresAt: string | null, now = Date.now()): string {
  if (expiresAt === null) return 'never expires';
  const t = Date.parse(expiresAt);
  const when = new Date(t).toLocaleString();
  return t <= now ? `expired ${when}` : `expires ${when}`;
}

export function ExpirySelect({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <div>
      <Label htmlFor={id}>Expires after</Label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {EXPIRY_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
