'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '../ui/button';
import { Empty, ErrorText, Loading } from '../ui/states';
import { inboxHref } from './inbox-links';
import { InboxItemText, UnreadDot } from './inbox-item';
import { useInbox } from './use-inbox';

const PAGE = 30;

/** /inbox: all my notifications, newest first; live like the bell. */
export function InboxPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const { count, listQuery, markRead, markAllRead } = useInbox({ listLimit: limit, unreadOnly });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-xl font-semibold">
          Inbox <span className="text-sm font-normal text-muted">({count} unread)</span>
        </h1>
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Unread only
        </label>
        <Button
          size="sm"
          variant="secondary"
          disabled={count === 0 || markAllRead.isPending}
          onClick={() => markAllRead.mutate()}
        >
          Mark all read
        </Button>
      </div>
      <ErrorText error={markRead.error ?? markAllRead.error} />
      {listQuery.isPending ? (
        <Loading label="Loading notifications…" />
      ) : listQuery.isError ? (
        <ErrorText error={listQuery.error} />
      ) : listQuery.data.items.length === 0 ? (
        <Empty>
          {unreadOnly
            ? 'Nothing unread.'
            : 'No notifications yet. When someone @mentions you in an incident or investigation, it shows up here.'}
        </Empty>
      ) : (
        <ul aria-label="Notifications" className="divide-y divide-border rounded-lg border border-border bg-panel">
          {listQuery.data.items.map((item) => (
            <li key={item.id} data-unread={item.readAt === null} className="flex items-start gap-3 px-3 py-2.5">
              <UnreadDot unread={item.readAt === null} />
              <Link
                href={inboxHref(item)}
                className="min-w-0 flex-1 text-fg no-underline hover:underline"
                onClick={() => item.readAt === null && markRead.mutate({ ids: [item.id] })}
              >
                <InboxItemText item={item} />
              </Link>
              {item.readAt === null && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Mark read: ${item.actorName} in ${item.caseSummary}`}
                  disabled={markRead.isPending}
                  onClick={() => markRead.mutate({ ids: [item.id] })}
                >
                  Mark read
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {listQuery.data?.nextCursor && limit < 200 && (
        <Button size="sm" variant="secondary" onClick={() => setLimit((l) => Math.min(200, l + PAGE))}>
          Show more
        </Button>
      )}
    </div>
  );
}
