'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import { Bell } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { cn } from '../ui/cn';
import { inboxHref } from './inbox-links';
import { InboxItemText, UnreadDot } from './inbox-item';
import { useInbox } from './use-inbox';

const ITEM =
  'flex cursor-pointer select-none items-start gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-panel-2';

/** The header bell: my unread count, live; the latest notifications; click opens the case at the entry. */
export function InboxBell() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  // The list is fetched when the menu opens; the count is always live.
  const { count, listQuery, markRead, markAllRead } = useInbox({ listLimit: 8, listEnabled: open });
  const label = count ? `Inbox, ${count} unread` : 'Inbox, nothing unread';
  return (
    <Menu.Root modal={false} open={open} onOpenChange={setOpen}>
      <Menu.Trigger
        className="relative flex items-center rounded-md border border-border p-1.5 hover:bg-panel-2 focus-visible:outline-2 focus-visible:outline-accent"
        aria-label={label}
        title={label}
      >
        <Bell size={16} />
        {count > 0 && (
          <span
            data-testid="inbox-count"
            className="absolute -right-1.5 -top-1.5 min-w-4 rounded-full bg-danger px-1 text-center text-[0.65rem] font-semibold leading-4 text-danger-fg"
          >
            {count > 99 ? '99+' : count}
          </span>
        )}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          aria-label="Inbox"
          className="z-50 w-96 rounded-lg border border-border bg-panel p-1 text-fg shadow-xl"
        >
          <div className="flex items-center justify-between px-2 py-1.5">
            <span className="text-sm font-semibold">Inbox</span>
            {/* A menu item (not a bare button), so arrow keys reach it; the menu stays open. */}
            <Menu.Item
              asChild
              disabled={count === 0 || markAllRead.isPending}
              onSelect={(e) => {
                e.preventDefault();
                markAllRead.mutate();
              }}
            >
              <button
                type="button"
                className={cn(
                  'rounded px-1 text-xs text-accent outline-none hover:underline data-[highlighted]:bg-panel-2 data-[highlighted]:underline data-[disabled]:text-muted data-[disabled]:no-underline',
                )}
              >
                Mark all read
              </button>
            </Menu.Item>
          </div>
          <Menu.Separator className="my-1 h-px bg-border" />
          {listQuery.isPending ? (
            <p role="status" className="px-2 py-3 text-center text-sm text-muted">
              Loading…
            </p>
          ) : listQuery.isError ? (
            <p role="alert" className="px-2 py-3 text-sm text-danger">
              Could not load the inbox: {listQuery.error.message}
            </p>
          ) : listQuery.data.items.length === 0 ? (
            <p className="px-2 py-3 text-center text-sm text-muted">
              No notifications yet. When someone @mentions you in a case, it shows up here.
            </p>
          ) : (
            listQuery.data.items.map((item) => (
              <Menu.Item
                key={item.id}
                className={ITEM}
                data-unread={item.readAt === null}
                onSelect={() => {
                  if (item.readAt === null) markRead.mutate({ ids: [item.id] });
                  router.push(inboxHref(item));
                }}
              >
                <UnreadDot unread={item.readAt === null} />
                <InboxItemText item={item} compact />
              </Menu.Item>
            ))
          )}
          <Menu.Separator className="my-1 h-px bg-border" />
          <Menu.Item asChild className={`${ITEM} justify-center text-sm text-accent no-underline`}>
            <Link href="/inbox">Open inbox</Link>
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
