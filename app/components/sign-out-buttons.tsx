'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { leaveRealtime } from '@/components/realtime/realtime-client';
import { useTRPCClient } from '@/components/realtime/trpc';

type Client = ReturnType<typeof useTRPCClient>;

/** Ends this browser's session. */
export function signOutHere(): Promise<void> {
  leaveRealtime();
  return signOut({ callbackUrl: '/login' });
}

/**
 * Ends every session of this user (server bumps the epoch), then this one. Throws with the server's
 * message. The mutation goes over HTTP (tRPC's batch link), so it works with the socket closed.
 */
export async function signOutEverywhere(client: Client): Promise<void> {
  const stay = leaveRealtime();
  try {
    await client.account.signOutEverywhere.mutate();
  } catch (err) {
    stay();
    throw new Error(err instanceof Error && err.message ? err.message : 'Could not sign out everywhere.');
  }
  await signOut({ callbackUrl: '/login' });
}

export function SignOutButtons() {
  const client = useTRPCClient();
  const [error, setError] = useState<string>();
  return (
    <div className="flex items-center gap-2">
      <Button variant="secondary" size="sm" onClick={() => signOutHere()}>
        Sign out
      </Button>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => signOutEverywhere(client).catch((e: Error) => setError(e.message))}
      >
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
