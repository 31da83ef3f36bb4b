'use client';

import { cn } from '@/components/ui/cn';
import { useConnection, type ConnectionStatus as Status } from './realtime-provider';

const LABEL: Record<Status, string> = {
  idle: 'Connecting…',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** Quiet "Live" / "Reconnecting…" for the top bar; screen readers hear changes, politely. */
export function ConnectionStatus() {
  const { status } = useConnection();
  return (
    <div
      role="status"
      aria-live="polite"
      data-status={status}
      className="flex items-center gap-1.5 text-xs text-muted"
      title="Live updates from the server"
    >
      <span
        aria-hidden
        className={cn('inline-block size-2 rounded-full', status === 'live' ? 'bg-ok' : 'animate-pulse bg-accent')}
      />
      {LABEL[status]}
    </div>
  );
}
