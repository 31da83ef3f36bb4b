import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { can, type Action, type Identity } from '@/server/auth/permissions';
import { sharedServices } from '@/server/services';

/** The signed-in user for a page, or a redirect to /login. */
export async function requireSession(): Promise<Identity> {
  const identity = await sharedServices().sessionIdentity((await headers()).get('cookie'));
  if (!identity) redirect('/login');
  return identity;
}

/** The signed-in user if the permission table grants every action; otherwise an HTTP 403 page (app/forbidden.tsx). */
export async function requirePermission(...actions: Action[]): Promise<Identity> {
  const identity = await requireSession();
  if (!actions.every((a) => can(identity, a))) forbidden();
  return identity;
}
