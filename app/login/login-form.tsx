'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';

export function LoginForm({
  providers,
  initialError,
}: {
  providers: Array<{ id: string; name: string }>;
  initialError?: string;
}) {
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(undefined);
    const res = await signIn('credentials', {
      email: form.get('email'),
      password: form.get('password'),
      redirect: false,
    });
    if (res?.ok && !res.error) {
      window.location.assign('/');
      return;
    }
    setPending(false);
    setError(res?.error && res.error !== 'CredentialsSignin' ? res.error : 'Email or password is incorrect.');
  }

  return (
    <div className="card">
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor="email">Email</label>
        {/* biome-ignore lint/a11y/noAutofocus: signing in is the page's only task, so the first field is where everyone starts */}
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {providers.length > 0 && (
        <div className="oauth">
          {providers.map((p) => (
            <button key={p.id} type="button" className="secondary" onClick={() => signIn(p.id, { callbackUrl: '/' })}>
              Sign in with {p.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
