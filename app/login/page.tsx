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
  EmailNotVerified:
    'Your sign-in provider has not verified this email address, so it cannot sign in to Picket. Verify the address with the provider, or ask an admin.',
  EmailMissing: 'The sign-in provider did not share an email address. Allow Picket to see your email and try again.',
  AccountDisabled: 'This account is disabled. Ask an admin.',
  LastAdmin:
    "Your groups at the sign-in provider no longer make you an admin, and you are Picket's last active admin. Another admin must be named first.",
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
      <LoginForm
        providers={services.oauthProviders}
        initialError={error ? (ERRORS[error] ?? 'Sign-in failed. Try again.') : undefined}
      />
    </main>
  );
}
