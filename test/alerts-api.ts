// Shared by the alert suites: posting events, creating rules over REST, waiting for the engine.
import { expect } from 'vitest';
import type { TestServer } from './server-harness.ts';

export type Json = Record<string, unknown>;

export async function api(
  s: Pick<TestServer, 'url' | 'adminToken'>,
  method: string,
  path: string,
  body?: unknown,
  token = s.adminToken,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

export async function postEvents(s: Pick<TestServer, 'url'>, events: Json[]): Promise<void> {
  const res = await fetch(`${s.url}/events`, { method: 'POST', body: JSON.stringify(events) });
  expect(res.status).toBe(200);
  expect((await res.json()).accepted).toBe(events.length);
}

export async function createRule(s: Pick<TestServer, 'url' | 'adminToken'>, rule: Json): Promise<Json> {
  const r = await api(s, 'POST', '/rules', rule);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

export async function alertsOf(s: Pick<TestServer, 'url' | 'adminToken'>, ruleId: string): Promise<Json[]> {
  const r = await api(s, 'GET', `/alerts?ruleId=${ruleId}&size=1000`);
  expect(r.status).toBe(200);
  return r.body.alerts as Json[];
}

/** Polls until `get` returns something truthy (no timing assertion: only a generous cap against hangs). */
export async function until<T>(get: () => Promise<T>, what: string, capMs = 15_000): Promise<NonNullable<T>> {
  const end = Date.now() + capMs;
  for (;;) {
    const v = await get();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let n = 0;
/** A category no other test uses, so rules and alerts of different tests never meet. */
export function uniqueCategory(prefix: string): string {
  return `${prefix}-${process.pid}-${++n}`;
}

export function isoAgo(ms: number): string {
  return new Date(Date.now() - ms).toISOString();
}

/** Ten failed sshd password logins from `ip` to `hostname`, one a second, starting `agoMs` back: one crossing of the shipped ssh brute force rule. */
export function sshFailureBurst(ip: string, agoMs: number, hostname = 'bastion-1'): Json[] {
  return Array.from({ length: 10 }, (_, i) => ({
    utctimestamp: isoAgo(agoMs - i * 1000),
    summary: `Failed password for invalid user admin${i} from ${ip} port ${40000 + i} ssh2`,
    hostname,
    processname: 'sshd',
  }));
}
