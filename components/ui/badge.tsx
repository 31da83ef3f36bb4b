import type { HTMLAttributes } from 'react';
import { cn } from './cn';

type Tone = 'neutral' | 'accent' | 'ok' | 'danger';
const TONES: Record<Tone, string> = {
  neutral: 'border-border text-muted',
  accent: 'border-accent/50 text-accent',
  ok: 'border-ok/50 text-ok',
  danger: 'border-danger/50 text-danger',
};

export function Badge({ tone = 'neutral', className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: Tone }) {
  return (
    <span
      className={cn(
        'inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium',
        TONES[tone],
        className,
      )}
      {...props}
    />
  );
}
