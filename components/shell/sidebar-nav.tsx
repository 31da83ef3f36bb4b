'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { Role } from '@/server/auth/permissions';
import { cn } from '../ui/cn';
import { isActive, visibleNav } from './nav-config';

export function SidebarNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {visibleNav(role).map((item) => {
        const active = isActive(item.href, pathname);
        return (
          <Link
            key={item.href}
            href={item.href}
            // No prefetch: a signed-in page would render every section on load for links rarely all followed.
            prefetch={false}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm no-underline transition',
              active ? 'bg-panel-2 font-medium text-fg' : 'text-muted hover:bg-panel-2 hover:text-fg',
            )}
          >
            <item.icon size={16} /> {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
