import { PERMISSIONS, ROLES, type Action, type Role } from '@/server/auth/permissions';

export { PATH_HEADER } from './path-header';

/** Pages a role may be refused, by path prefix, with the action the permission table requires. */
export const PAGE_ACCESS: ReadonlyArray<{ prefix: string; action: Action; what: string }> = [
  { prefix: '/admin/settings', action: 'settings:admin', what: 'the instance settings' },
  { prefix: '/admin/plugins', action: 'settings:admin', what: 'the enrichment plugins' },
  { prefix: '/admin/notifications', action: 'notifications:admin', what: 'the notification channels' },
  { prefix: '/admin/audit', action: 'audit:read', what: 'the audit log' },
  { prefix: '/admin/tokens', action: 'tokens:admin', what: 'everyone’s API tokens' },
  { prefix: '/admin', action: 'users:admin', what: 'the admin pages' },
];

export function pageAccess(path: string | null | undefined) {
  if (!path) return undefined;
  return PAGE_ACCESS.find((p) => path === p.prefix || path.startsWith(p.prefix + '/'));
}

/** Roles whose permissions include the action, lowest first. */
export function rolesWith(action: Action): Role[] {
  return ROLES.filter((r) => PERMISSIONS[r].has(action));
}
