import {
  Bell,
  BookOpen,
  CheckSquare,
  Crosshair,
  FileSearch,
  FolderOpen,
  LayoutDashboard,
  ListChecks,
  Radar,
  Shield,
  Siren,
  type LucideIcon,
} from 'lucide-react';
import { PERMISSIONS, type Action, type Role } from '@/server/auth/permissions';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** The action from the permission table a role needs to see this item. */
  permission: Action;
  /** False until the feature ships: the item stays out of the nav and palette (no dead links). */
  exists: boolean;
  /** A live count beside the label (dashboard.navCounts): open unassigned CRITICAL/HIGH alerts, or my open tasks. */
  badge?: 'alerts' | 'tasks';
}

/** What each badge counts, as its accessible name says it. */
export const BADGE_LABEL: Record<NonNullable<NavItem['badge']>, (n: number) => string> = {
  alerts: (n) => `${n} open unassigned critical or high ${n === 1 ? 'alert' : 'alerts'}`,
  tasks: (n) => `${n} open ${n === 1 ? 'task' : 'tasks'} assigned to you`,
};

// The one nav config: the sidebar and the command palette both render from it.
export const NAV: readonly NavItem[] = [
  { href: '/', label: 'Dashboard', icon: LayoutDashboard, permission: 'account:self', exists: true },
  { href: '/events', label: 'Events', icon: FileSearch, permission: 'events:read', exists: true },
  { href: '/alerts', label: 'Alerts', icon: Bell, permission: 'alerts:read', exists: true, badge: 'alerts' },
  { href: '/rules', label: 'Rules', icon: ListChecks, permission: 'rules:read', exists: true },
  { href: '/attackers', label: 'Attackers', icon: Crosshair, permission: 'events:read', exists: true },
  { href: '/watchlist', label: 'Watchlist', icon: Radar, permission: 'watchlist:read', exists: true },
  { href: '/incidents', label: 'Incidents', icon: Siren, permission: 'cases:read', exists: true },
  { href: '/investigations', label: 'Investigations', icon: FolderOpen, permission: 'cases:read', exists: true },
  { href: '/tasks', label: 'My tasks', icon: CheckSquare, permission: 'cases:read', exists: true, badge: 'tasks' },
  { href: '/admin', label: 'Admin', icon: Shield, permission: 'users:admin', exists: true },
  // Help: the HTTP API reference, rendered from /api/v1/openapi.json.
  { href: '/api-reference', label: 'API reference', icon: BookOpen, permission: 'account:self', exists: true },
];

export function visibleNav(role: Role): NavItem[] {
  return NAV.filter((item) => item.exists && PERMISSIONS[role].has(item.permission));
}

export function isActive(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(href + '/');
}
