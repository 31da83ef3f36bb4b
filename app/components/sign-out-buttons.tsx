'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { leaveRealtime } from '@/components/realtime/realtime-client';

/** Ends this browser's session. */
export function signOutHere(): Promise<void> {
  leaveRealtime();
  return signOut({ callbackUrl: '/login' });
}

/** Ends every session of this user (server bumps the epoch), then this one. Throws with the API message. */
export async function signOutEverywhere(): Promise<void> {
  const stay = leaveRealtime();
  const res = await fetch('/api/v1/account/sign-out-everywhere', { method: 'POST' }).catch(() => undefined);
  if (!res?.ok) {
    stay();
    const body = (await res?.json().catch(() => null)) as { error?: { message?: string } } | null | undefined;
    throw new Error(body?.error?.message ?? 'Could not sign out everywhere.');
  }
  await signOut({ callbackUrl: '/login' });
}

export function SignOutButtons() {
  const [error, setError] = useState<string>();
  return (
    <div className="flex items-center gap-2">
      <Button variant="secondary" size="sm" onClick={() => signOutHere()}>
        Sign out
      </Button>
      <Button variant="secondary" size="sm" onClick={() => signOutEverywhere().catch((e: Error) => setError(e.message))}>
        Sign out everywhere
      </Button>
      {error && (
        <span role="alert" className="text-sm text-danger">
          {error}
        </span>
      )}
    </div>
  );
}
