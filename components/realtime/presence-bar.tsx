'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { cn } from '@/components/ui/cn';
import { ONLINE_TOPIC } from '@/server/realtime/presence-room';
import { onlinePeople, pageLabel, type OnlinePerson } from './presence-people';
import { useTRPC } from './trpc';
import { useInvalidateOnChange } from './use-live-topic';
import { usePresenceReport } from './use-presence-report';

const SHOWN = 4;
const AVATAR =
  'flex size-7 items-center justify-center rounded-full border-2 border-bg text-[0.7rem] leading-none font-semibold';
// A stable colour per person (from the name, so it is the same for everyone and every run), from a small palette that reads in both themes.
const COLOURS = [
  'bg-sky-600 text-white',
  'bg-emerald-600 text-white',
  'bg-violet-600 text-white',
  'bg-rose-600 text-white',
  'bg-amber-500 text-black',
  'bg-teal-600 text-white',
];

function colour(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return COLOURS[h % COLOURS.length];
}

/** Only same-origin app paths are followed; anything else a client reported stays text. */
function isAppPath(page: string): boolean {
  return /^\/(?![/\\])[^\s\\]*$/.test(page);
}

function describe(p: OnlinePerson): string {
  return `${p.name} (${p.role}) on ${p.pages.length ? p.pages.map(pageLabel).join(', ') : pageLabel(undefined)}`;
}

/**
 * Who else is online and where, kept live by the presence topic; also reports this tab's page.
 * Names and pages come from other clients: rendered as text only.
 */
export function PresenceBar({ self }: { self: { kind: string; id: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.presence.list.queryOptions());
  const listKey = trpc.presence.list.queryKey();
  // The list is the "online" topic; every socket change touches it (case-room changes come with one too).
  useInvalidateOnChange('presence', { changed: (c) => (c.id === ONLINE_TOPIC ? [listKey] : []), resync: [listKey] });
  usePresenceReport();

  if (list.isPending) return <span className="text-xs text-muted">Checking who is online…</span>;
  if (list.isError) {
    return (
      <span className="text-xs text-muted" title={list.error.message}>
        Presence unavailable
      </span>
    );
  }
  const people = onlinePeople(list.data, self);
  if (people.length === 0) return <span className="text-xs text-muted">Only you online</span>;
  const label = `Online now: ${people.map(describe).join('; ')}`;
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger
        aria-label={label}
        title={label}
        className="flex items-center rounded-full p-0.5 hover:bg-panel-2 focus-visible:outline-2 focus-visible:outline-accent"
      >
        <span className="flex -space-x-2" aria-hidden>
          {people.slice(0, SHOWN).map((p) => (
            <span
              key={p.key}
              data-person={p.name}
              data-pages={p.pages.join(' ')}
              className={cn(AVATAR, colour(p.name))}
            >
              {p.initials}
            </span>
          ))}
          {people.length > SHOWN && <span className={cn(AVATAR, 'bg-panel-2 text-fg')}>+{people.length - SHOWN}</span>}
        </span>
        {/* Counting this user too: "2 online" next to one avatar reads as "them and me". */}
        <span aria-hidden className="ml-1.5 pr-1 text-xs text-muted">
          {people.length + 1} online
        </span>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-50 max-w-96 min-w-64 rounded-lg border border-border bg-panel p-1 text-fg shadow-xl"
        >
          <Menu.Label className="px-2 py-1 text-xs text-muted">Online now</Menu.Label>
          {people.map((p) => {
            const page = p.pages[0];
            return (
              <Menu.Item
                key={p.key}
                disabled={!page || !isAppPath(page)}
                onSelect={() => page && isAppPath(page) && router.push(page)}
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[disabled]:cursor-default data-[highlighted]:bg-panel-2"
              >
                <span aria-hidden className={cn(AVATAR, 'shrink-0 border-0', colour(p.name))}>
                  {p.initials}
                </span>
                <span className="min-w-0">
                  <span className="block truncate font-medium">{p.name}</span>
                  <span className="block truncate text-xs text-muted">
                    {p.role} · {p.pages.length ? p.pages.map(pageLabel).join(', ') : pageLabel(undefined)}
                  </span>
                </span>
              </Menu.Item>
            );
          })}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
