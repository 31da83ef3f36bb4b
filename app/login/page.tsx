import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { sharedServices } from '@/server/services';
import { LoginForm } from './login-form';

export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  AccessDenied: 'Your account may not sign in here. Ask an admin to invite you.',
  OAuthSignin: 'Could not reach the sign-in provider.',
  OAuthCallback: 'The sign-in provider answered with an error.',
  SessionRequired: 'Sign in to continue.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const services = sharedServices();
  if (await services.sessionIdentity((await headers()).get('cookie'))) redirect('/');
  const { error } = await searchParams;
  return (
    <main className="login">
      <h1>
        <span className="accent">Picket</span>
      </h1>
      <p>Sign in to work alerts, incidents and investigations.</p>
      <LoginForm providers={services.oauthProviders} initialError={error ? (ERRORS[error] ?? 'Sign-in failed. Try again.') : undefined} />
    </main>
  );
}
