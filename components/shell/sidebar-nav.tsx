'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useAttentionChanges } from '@/components/dashboard/use-attention-changes';
import { useTRPC } from '@/components/realtime/trpc';
import { PERMISSIONS, type Role } from '@/server/auth/permissions';
import { cn } from '../ui/cn';
import { BADGE_LABEL, isActive, visibleNav } from './nav-config';

export function SidebarNav({ role, isUser }: { role: Role; isUser: boolean }) {
  const pathname = usePathname();
  const trpc = useTRPC();
  const readsAlerts = PERMISSIONS[role].has('alerts:read');
  const counts = useQuery(trpc.dashboard.navCounts.queryOptions());
  useAttentionChanges({ alerts: readsAlerts, tasks: isUser && PERMISSIONS[role].has('cases:read') });
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {visibleNav(role).map((item) => {
        const active = isActive(item.href, pathname);
        const n = item.badge ? counts.data?.[item.badge] : null;
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
            {item.badge && typeof n === 'number' && n > 0 && (
              <span
                data-testid={`nav-badge-${item.badge}`}
                className={cn(
                  'ml-auto rounded-full px-1.5 text-[0.7rem] font-semibold tabular-nums',
                  item.badge === 'alerts' ? 'bg-danger text-white' : 'bg-accent text-white',
                )}
              >
                <span aria-hidden>{n > 99 ? '99+' : n}</span>
                <span className="sr-only">{BADGE_LABEL[item.badge](n)}</span>
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
