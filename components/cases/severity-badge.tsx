import type { Severity } from '@/server/cases/case-model';
import { cn } from '../ui/cn';
import { SEVERITY_STYLE } from './case-format';

export function SeverityBadge({ severity, className }: { severity: Severity; className?: string }) {
  return (
    <span
      className={cn(
        'inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-semibold uppercase tracking-wide',
        SEVERITY_STYLE[severity],
        className,
      )}
    >
      {severity}
    </span>
  );
}
