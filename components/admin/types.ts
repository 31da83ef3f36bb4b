// Shapes of the REST answers the admin pages read: the server's own records (see server/http/v1/*-routes.ts).
import type { AuditEntryRow } from '@/server/audit/audit-query';
import type { TokenRecord } from '@/server/auth/api-tokens';
import { ROLES, type Role } from '@/server/auth/permissions';
import type { UserRecord } from '@/server/auth/users';

export type { Role };
export const ROLE_OPTIONS: readonly Role[] = ROLES;

/** Roles no higher than `max`, lowest first (a token cannot outrank its creator). */
export function rolesUpTo(max: Role): Role[] {
  return ROLE_OPTIONS.slice(0, ROLE_OPTIONS.indexOf(max) + 1);
}

export type User = UserRecord;
export type Token = TokenRecord;
export type AuditEntry = AuditEntryRow;

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
