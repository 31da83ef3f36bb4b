// Password sign-in through next-auth's real endpoints: failures pause the account only for the
// address that failed, and every answer reads the same whether or not the email exists.
// PICKET_TRUSTED_PROXIES lets the test speak from several addresses through X-Forwarded-For.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

const ADMIN_PASSWORD = 'the-real-admin-password';
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer(
    { PICKET_ADMIN_PASSWORD: ADMIN_PASSWORD, PICKET_TRUSTED_PROXIES: '127.0.0.1,::1' },
    { web: true },
  );
});
afterAll(() => s?.stop());

/** One credentials sign-in from `ip`: the error message shown on /login, or 'signed in'. */
async function signIn(email: string, password: string, ip: string): Promise<string> {
  const csrf = await fetch(`${s.url}/api/auth/csrf`, { headers: { 'X-Forwarded-For': ip } });
  const { csrfToken } = await csrf.json();
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${s.url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie, 'X-Forwarded-For': ip },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const url = new URL(((await res.json()) as { url: string }).url);
  const error = url.searchParams.get('error');
  if (error) return error;
  expect(res.headers.getSetCookie().some((c) => c.includes('session-token='))).toBe(true);
  return 'signed in';
}

describe('password sign-in backoff', () => {
  it('answers alike for a real and an unknown account, and pauses only the failing address', async () => {
    const attacker = '203.0.113.50';
    const tries = async (email: string) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++)
        out.push((await signIn(email, `guess-${i}`, attacker)).replace(/\d+ seconds/, 'N seconds'));
      return out;
    };
    const real = await tries('admin@localhost');
    const unknown = await tries('ghost@example.org');
    expect(real).toEqual(unknown);
    expect(real.slice(0, 4)).toEqual(Array(4).fill('Email or password is incorrect.'));
    expect(real[6]).toBe('Too many failed sign-ins for this email from your address. Try again in N seconds.');
    expect(real.join('\n')).not.toMatch(/locked|exist/i);

    // The paused address gets no verdict even for the right password…
    expect(await signIn('admin@localhost', ADMIN_PASSWORD, attacker)).toMatch(/^Too many failed sign-ins/);
    // …while the admin, elsewhere, signs in at once: nobody can keep an account locked.
    expect(await signIn('admin@localhost', ADMIN_PASSWORD, '198.51.100.10')).toBe('signed in');

    const { rows } = await s.db.pool.query(
      `SELECT action, diff->>'email' AS email, ip FROM audit_log WHERE action = 'auth.backoff' ORDER BY id`,
    );
    expect(rows[0]).toEqual({ action: 'auth.backoff', email: 'admin@localhost', ip: attacker });
    expect(rows.map((r) => r.email)).toContain('ghost@example.org');
  });

  it('tells "disabled" only to someone who gave the right password', async () => {
    const { user } = await s.picket.users.create(
      { email: 'gone@example.org', role: 'viewer', password: 'gone-but-not-forgotten' },
      'system',
    );
    await s.picket.users.update(user.id, { disabled: true }, user.version, 'system');
    expect(await signIn('gone@example.org', 'a-wrong-password', '198.51.100.11')).toBe(
      'Email or password is incorrect.',
    );
    expect(await signIn('gone@example.org', 'gone-but-not-forgotten', '198.51.100.11')).toBe(
      'This account is disabled. Ask an admin.',
    );
  });
});
