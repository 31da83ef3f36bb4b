// Shapes of the REST answers the admin pages read (see server/http/v1/*-routes.ts).
export type Role = 'viewer' | 'analyst' | 'admin';
export const ROLE_OPTIONS: readonly Role[] = ['viewer', 'analyst', 'admin'];

/** Roles no higher than `max`, lowest first (a token cannot outrank its creator). */
export function rolesUpTo(max: Role): Role[] {
  return ROLE_OPTIONS.slice(0, ROLE_OPTIONS.indexOf(max) + 1);
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

export interface Token {
  id: string;
  name: string;
  role: Role;
  ingestOnly: boolean;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  diff: unknown;
  ip: string | null;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
