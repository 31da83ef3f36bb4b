'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';

export function SignOutButtons() {
  const [error, setError] = useState<string>();
  async function everywhere() {
    const res = await fetch('/api/v1/account/sign-out-everywhere', { method: 'POST' });
    if (!res.ok) {
      setError((await res.json().catch(() => null))?.error?.message ?? 'Could not sign out everywhere.');
      return;
    }
    await signOut({ callbackUrl: '/login' });
  }
  return (
    <div className="row">
      <button type="button" className="secondary" onClick={() => signOut({ callbackUrl: '/login' })}>
        Sign out
      </button>
      <button type="button" className="secondary" onClick={everywhere}>
        Sign out everywhere
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
