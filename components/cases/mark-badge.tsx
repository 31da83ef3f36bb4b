import { markLabel } from '@/server/cases/case-marks';
import { cn } from '../ui/cn';

// FIRST's colours for TLP (PAP uses the same scheme); text stays readable in both themes.
const TONE: Record<string, string> = {
  clear: 'border-border text-fg',
  green: 'border-green-600 text-green-700 dark:text-green-400',
  amber: 'border-amber-500 text-amber-700 dark:text-amber-400',
  'amber+strict': 'border-amber-500 text-amber-700 dark:text-amber-400',
  red: 'border-red-600 text-red-700 dark:text-red-400',
};

/** A TLP or PAP mark, e.g. TLP:AMBER. */
export function MarkBadge({
  protocol,
  mark,
  className,
}: {
  protocol: 'TLP' | 'PAP';
  mark: string;
  className?: string;
}) {
  return (
    <span
      className={cn(
        'rounded border px-1.5 py-0.5 font-mono text-[0.7rem] font-semibold',
        TONE[mark] ?? TONE.clear,
        className,
      )}
      data-testid={`${protocol.toLowerCase()}-mark`}
    >
      {markLabel(protocol, mark)}
    </span>
  );
}
