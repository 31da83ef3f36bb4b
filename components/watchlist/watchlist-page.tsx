'use client';

import { useState, type KeyboardEvent } from 'react';
import { useInvalidateOnChange } from '../realtime/use-live-topic';
import { useTRPC } from '../realtime/trpc';
import { cn } from '../ui/cn';
import { AddWatchForm } from './add-watch-form';
import { WatchTable } from './watch-table';
import { TABS, type ListName } from './watch-types';

const HELP: Record<ListName, string> = {
  watchlist:
    'Events whose IP, host, user or hash fields match an item are tagged "watchlist" at ingest and raise the Watchlist hit alert.',
  blockip:
    'Addresses and networks to block (MozDef blockip). Private, loopback, link-local and reserved ranges and Picket’s own trusted sources are refused.',
  blockfqdn: 'Domains to block (MozDef blockfqdn), for a fixed time or permanently.',
};

export function WatchlistPage({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const [tab, setTab] = useState<ListName>('watchlist');
  // Any change on the topic may touch any list on screen: refetch the lists (one query per tab).
  useInvalidateOnChange('watchlist', {
    changed: () => [trpc.watchlist.list.pathKey()],
    resync: [trpc.watchlist.pathKey()],
  });
  const current = TABS.find((t) => t.list === tab)!;

  function onKey(e: KeyboardEvent) {
    const i = TABS.findIndex((t) => t.list === tab);
    const next =
      e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next].list);
    document.getElementById(`tab-${TABS[next].list}`)?.focus();
  }

  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold tracking-tight">Watchlist</h1>
      <div role="tablist" aria-label="Lists" className="flex gap-1 border-b border-border" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.list}
            id={`tab-${t.list}`}
            role="tab"
            type="button"
            aria-selected={t.list === tab}
            aria-controls={`panel-${t.list}`}
            tabIndex={t.list === tab ? 0 : -1}
            onClick={() => setTab(t.list)}
            className={cn(
              '-mb-px border-b-2 px-3 py-2 text-sm',
              t.list === tab ? 'border-accent font-medium text-fg' : 'border-transparent text-muted hover:text-fg',
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <section id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} className="mt-5 space-y-4">
        <p className="text-sm text-muted">{HELP[tab]}</p>
        {canWrite ? (
          <AddWatchForm key={tab} list={tab} />
        ) : (
          <p className="text-sm text-muted">You can view these lists; changing them needs the analyst role.</p>
        )}
        <WatchTable key={`t-${tab}`} list={tab} canWrite={canWrite} noun={current.noun} />
      </section>
    </div>
  );
}
