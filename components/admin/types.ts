// Shapes the admin pages read, inferred from the tRPC router (never restated by hand).
import type { inferRouterOutputs } from '@trpc/server';
import { ROLES, type Role } from '@/server/auth/permissions';
import type { AppRouter } from '@/server/trpc/router';

type Out = inferRouterOutputs<AppRouter>;

export type { Role };
export const ROLE_OPTIONS: readonly Role[] = ROLES;

/** Roles no higher than `max`, lowest first (a token cannot outrank its creator). */
export function rolesUpTo(max: Role): Role[] {
  return ROLE_OPTIONS.slice(0, ROLE_OPTIONS.indexOf(max) + 1);
}

export type User = Out['users']['list'][number];
export type Token = Out['tokens']['list'][number];
export type AuditEntry = Out['audit']['list']['entries'][number];
export type SettingsView = Out['settings']['get'];
export type QueueStatus = Out['queue']['status'];

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
