import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '../server/trpc/router.ts';

/** A typed tRPC client over HTTP (/api/trpc) with a bearer token, as automation would use it. */
export function trpcHttp(base: string, bearer: string): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${base}/api/trpc`, headers: { Authorization: `Bearer ${bearer}` } })],
  });
}

/** The TRPCClientError a call rejects with (fails the test if it resolves). */
export async function trpcError(p: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCClientError) return err as TRPCClientError<AppRouter>;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** An API token of the given role, created through the REST API. */
export async function tokenFor(
  base: string,
  adminToken: string,
  role: 'viewer' | 'analyst' | 'admin',
  name = `${role}-${Math.random().toString(36).slice(2)}`,
): Promise<string> {
  const res = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ name, role }),
  });
  if (res.status !== 201) throw new Error(`token create answered ${res.status}`);
  return (await res.json()).token;
}

/** POST /events and wait for the 200 (the events are stored when it answers). */
export async function ingest(base: string, events: unknown[]): Promise<{ accepted: number; rejected: unknown[] }> {
  const res = await fetch(`${base}/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  return res.json();
}
