import type { Identity } from '@/server/auth/permissions';
import { requirePermission } from '../../session';

/** Admin pages need every admin action; checked on the server from the one permission table (403 page otherwise). */
export function requireAdmin(): Promise<Identity> {
  return requirePermission('users:admin', 'tokens:admin', 'audit:read', 'settings:admin');
}
