import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Identity } from '@/server/auth/permissions';
import { ConnectionStatus } from '@/components/realtime/connection-status';
import { PresenceBar } from '@/components/realtime/presence-bar';
import { InboxBell } from '@/components/inbox/inbox-bell';
import { CommandPalette } from './command-palette';
import { PaletteHint } from './palette-hint';
import { Providers } from './providers';
import { SidebarNav } from './sidebar-nav';
import { UserMenu } from './user-menu';

/** The frame of every signed-in page: left nav, top bar (live status, who is online, user menu), the palette. */
export function AppShell({ identity, children }: { identity: Identity; children: ReactNode }) {
  return (
    <Providers>
      <div className="flex min-h-screen">
        <aside className="sticky top-0 flex h-screen w-52 shrink-0 flex-col gap-4 border-r border-border bg-panel px-3 py-4">
          <Link href="/" className="px-2.5 text-lg font-bold tracking-tight text-accent no-underline">
            Picket
          </Link>
          <SidebarNav role={identity.role} isUser={identity.kind === 'user'} />
          <div className="mt-auto px-2.5">
            <PaletteHint />
          </div>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-14 items-center justify-end gap-4 border-b border-border px-6">
            <ConnectionStatus />
            <PresenceBar self={{ kind: identity.kind, id: identity.id }} />
            {identity.kind === 'user' && <InboxBell />}
            <UserMenu email={identity.name} role={identity.role} />
          </header>
          <main className="w-full max-w-6xl flex-1 px-6 py-6">{children}</main>
        </div>
      </div>
      <CommandPalette role={identity.role} />
    </Providers>
  );
}
