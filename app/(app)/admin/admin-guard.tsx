import { can, type Identity } from '@/server/auth/permissions';
import { requireSession } from '../../session';

/** Admin pages need every admin action; checked on the server from the one permission table. */
export async function adminIdentity(): Promise<Identity | null> {
  const identity = await requireSession();
  return can(identity, 'users:admin') && can(identity, 'tokens:admin') && can(identity, 'audit:read') ? identity : null;
}

export function Forbidden() {
  return (
    <div className="py-16 text-center">
      <p className="text-5xl font-bold text-muted">403</p>
      <h1 className="mt-2 text-xl font-semibold">Forbidden</h1>
      <p className="mt-1 text-sm text-muted">Your role may not open the admin pages. Ask an admin if you need access.</p>
    </div>
  );
}
