'use client';

import * as D from '@radix-ui/react-dialog';
import { Command } from 'cmdk';
import { LogOut, SunMoon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { Role } from '@/server/auth/permissions';
import { signOutEverywhere, signOutHere } from '@/app/components/sign-out-buttons';
import { useTRPCClient } from '@/components/realtime/trpc';
import { EntityResults } from './entity-results';
import { visibleNav } from './nav-config';
import { useTheme } from './theme';

const ITEM =
  'flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm data-[selected=true]:bg-panel-2 data-[selected=true]:text-fg';
const GROUP =
  'px-1 py-1 text-sm [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-muted';

/** Ctrl/Cmd-K palette: the visible pages (from the nav config) and a few actions, all keyboard-driven. */
export function CommandPalette({ role }: { role: Role }) {
  const client = useTRPCClient();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const router = useRouter();
  const [, , toggleTheme] = useTheme();

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function run(action: () => void) {
    setOpen(false);
    action();
  }

  return (
    <D.Root open={open} onOpenChange={setOpen}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <D.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-[15vh] z-50 w-[min(560px,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-xl border border-border bg-panel text-fg shadow-2xl"
        >
          <D.Title className="sr-only">Command palette</D.Title>
          <Command label="Command palette" loop>
            <Command.Input
              autoFocus
              value={search}
              onValueChange={setSearch}
              placeholder="Go to a page, run an action, or find an IP, user or host…"
              className="h-12 w-full border-b border-border bg-transparent px-4 text-sm text-fg outline-none placeholder:text-muted"
            />
            <Command.List className="max-h-80 overflow-y-auto p-1">
              <Command.Empty className="px-3 py-6 text-center text-sm text-muted">No matches.</Command.Empty>
              <EntityResults
                search={search}
                itemClass={ITEM}
                groupClass={GROUP}
                onOpen={(href) => run(() => router.push(href))}
              />
              <Command.Group heading="Pages" className={GROUP}>
                {visibleNav(role).map((item) => (
                  <Command.Item
                    key={item.href}
                    value={`Go to ${item.label}`}
                    onSelect={() => run(() => router.push(item.href))}
                    className={ITEM}
                  >
                    <item.icon size={15} className="text-muted" /> {item.label}
                  </Command.Item>
                ))}
              </Command.Group>
              <Command.Group heading="Actions" className={GROUP}>
                <Command.Item value="Toggle theme dark light" onSelect={() => run(toggleTheme)} className={ITEM}>
                  <SunMoon size={15} className="text-muted" /> Toggle theme
                </Command.Item>
                <Command.Item value="Sign out" onSelect={() => run(() => void signOutHere())} className={ITEM}>
                  <LogOut size={15} className="text-muted" /> Sign out
                </Command.Item>
                <Command.Item
                  value="Sign out everywhere"
                  onSelect={() => run(() => void signOutEverywhere(client).catch(() => undefined))}
                  className={ITEM}
                >
                  <LogOut size={15} className="text-muted" /> Sign out everywhere
                </Command.Item>
              </Command.Group>
            </Command.List>
          </Command>
          <div className="border-t border-border px-4 py-2 text-xs text-muted">
            ↑↓ to move · Enter to choose · Esc to close
          </div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
