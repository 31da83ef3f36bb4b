import { Badge } from '../ui/badge';

const HIGH = new Set(['ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY']);

/** Alert/rule severity (MozDef's syslog-style levels): the bad ones in the danger tone. */
export function SeverityBadge({ severity }: { severity: string }) {
  const s = severity.toUpperCase();
  return <Badge tone={HIGH.has(s) ? 'danger' : s === 'WARNING' ? 'accent' : 'neutral'}>{s}</Badge>;
}

export const ALERT_SEVERITIES = [
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'ERROR',
  'CRITICAL',
  'ALERT',
  'EMERGENCY',
] as const;

export const STATUS_LABELS: Record<string, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  escalated: 'Escalated',
  closed: 'Closed',
  falsepositive: 'False positive',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge
      tone={
        status === 'new'
          ? 'accent'
          : status === 'escalated'
            ? 'danger'
            : status === 'closed' || status === 'falsepositive'
              ? 'neutral'
              : 'ok'
      }
    >
      {STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

/** "3 min ago" for recent times, the local date and time otherwise. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toLocaleString();
}
