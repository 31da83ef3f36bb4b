'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import { Check, ChevronDown, KeyRound, LogOut, Monitor, Moon, Sun, UserRound } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { signOutEverywhere, signOutHere } from '@/app/components/sign-out-buttons';
import { useTRPCClient } from '@/components/realtime/trpc';
import { THEMES, useTheme, type Theme } from './theme';

const ITEM =
  'flex cursor-pointer select-none items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-panel-2';
const THEME_ICON: Record<Theme, typeof Sun> = { dark: Moon, light: Sun, system: Monitor };

export function UserMenu({ email, role }: { email: string; role: string }) {
  const client = useTRPCClient();
  const [theme, setTheme] = useTheme();
  const [error, setError] = useState<string>();
  return (
    <div className="flex items-center gap-2">
      {error && (
        <span role="alert" className="text-sm text-danger">
          {error}
        </span>
      )}
      {/* Non-modal: a modal menu marks the page aria-hidden while its controls stay focusable (axe: aria-hidden-focus). */}
      <Menu.Root modal={false}>
        <Menu.Trigger
          className="flex items-center gap-2 rounded-md border border-border px-2.5 py-1.5 text-sm hover:bg-panel-2 focus-visible:outline-2 focus-visible:outline-accent"
          aria-label={`User menu ${email}`}
        >
          <UserRound size={16} />
          <span className="max-w-56 truncate">{email}</span>
          <ChevronDown size={14} className="text-muted" />
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content
            align="end"
            sideOffset={6}
            className="z-50 min-w-60 rounded-lg border border-border bg-panel p-1 text-fg shadow-xl"
          >
            <div className="px-2 py-1.5">
              <div className="truncate text-sm font-medium">{email}</div>
              <div className="text-xs text-muted">Role: {role}</div>
            </div>
            <Menu.Separator className="my-1 h-px bg-border" />
            <Menu.Item asChild className={`${ITEM} text-fg no-underline`}>
              <Link href="/account/tokens">
                <KeyRound size={14} /> API tokens
              </Link>
            </Menu.Item>
            <Menu.Separator className="my-1 h-px bg-border" />
            <Menu.Label className="px-2 py-1 text-xs text-muted">Theme</Menu.Label>
            <Menu.RadioGroup value={theme} onValueChange={(v) => setTheme(v as Theme)}>
              {THEMES.map((t) => {
                const Icon = THEME_ICON[t];
                return (
                  <Menu.RadioItem key={t} value={t} className={ITEM}>
                    <Icon size={14} />
                    <span className="flex-1 capitalize">{t}</span>
                    <Menu.ItemIndicator>
                      <Check size={14} />
                    </Menu.ItemIndicator>
                  </Menu.RadioItem>
                );
              })}
            </Menu.RadioGroup>
            <Menu.Separator className="my-1 h-px bg-border" />
            <Menu.Item className={ITEM} onSelect={() => void signOutHere()}>
              <LogOut size={14} /> Sign out
            </Menu.Item>
            <Menu.Item
              className={ITEM}
              onSelect={() => void signOutEverywhere(client).catch((e: Error) => setError(e.message))}
            >
              <LogOut size={14} /> Sign out everywhere
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
    </div>
  );
}
