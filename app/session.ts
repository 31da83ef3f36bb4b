import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Identity } from '@/server/auth/permissions';
import { sharedServices } from '@/server/services';

/** The signed-in user for a page, or a redirect to /login. */
export async function requireSession(): Promise<Identity> {
  const identity = await sharedServices().sessionIdentity((await headers()).get('cookie'));
  if (!identity) redirect('/login');
  return identity;
}
