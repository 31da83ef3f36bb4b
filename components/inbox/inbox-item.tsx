'use client';

import type { InboxItem } from '@/server/inbox/inbox-service';
import { cn } from '../ui/cn';
import { ago, inboxWhere } from './inbox-links';

/** One notification as text: who, where, the excerpt (for an assignment the task title or alert summary), when. The excerpt is attacker-influenced text: rendered as text. */
export function InboxItemText({ item, compact }: { item: InboxItem; compact?: boolean }) {
  return (
    <span className="flex min-w-0 flex-1 flex-col gap-0.5 text-left">
      {item.kind === 'assignment' ? (
        <span className="text-sm">
          <span className="font-medium">{item.actorName}</span> assigned you {inboxWhere(item)}
          {item.caseSummary !== null && (
            <>
              {' '}
              in <span className="font-medium">{item.caseSummary}</span>
            </>
          )}
        </span>
      ) : (
        <span className="text-sm">
          <span className="font-medium">{item.actorName}</span> mentioned you in {inboxWhere(item)} of{' '}
          <span className="font-medium">{item.caseSummary}</span>
        </span>
      )}
      <span className={cn('text-xs text-muted', compact ? 'line-clamp-2' : 'whitespace-pre-wrap break-words')}>
        {item.excerpt}
      </span>
      <time
        dateTime={item.createdAt}
        title={new Date(item.createdAt).toLocaleString()}
        className="text-[0.7rem] text-muted"
      >
        {ago(item.createdAt)}
      </time>
    </span>
  );
}

export function UnreadDot({ unread }: { unread: boolean }) {
  return (
    <span className={cn('mt-1.5 size-2 shrink-0 rounded-full', unread ? 'bg-accent' : 'bg-transparent')}>
      {unread && <span className="sr-only">unread</span>}
    </span>
  );
}
