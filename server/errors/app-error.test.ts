// The one error table, walked: every code maps to a status and a tRPC code, every client-facing
// error class in server/ is an AppError, and each code leaves the REST router and the tRPC layer
// (the real RestRouter, init.ts procedures and errorFormatter) as the table says.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiTokens } from '../auth/api-tokens.ts';
import type { Identity } from '../auth/permissions.ts';
import { createLogger } from '../logger.ts';
import { RestRouter } from '../http/v1/router.ts';
import { publicProcedure, router, type TrpcContext } from '../trpc/init.ts';
import { APP_ERROR_CODES, AppError, ERROR_TABLE } from './app-error.ts';

const SERVER = path.resolve(import.meta.dirname, '..');
/** Errors that never reach a client as themselves: retry signals and internal plumbing. */
const INTERNAL_ERRORS = new Set([
  'ProbeTimeoutError',
  'ForbiddenTargetError',
  'PermanentJobError',
  'BulkWriteError',
  'EngineRequestError',
  'DeliveryError',
  'ModuleLoadError',
]);
/** tRPC has no 507: the closest it can say is 503, REST says 507. */
const TRPC_STATUS_DIFFERS = new Set(['insufficient_storage']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('ERROR_TABLE', () => {
  it('gives every code an error status and a tRPC code that agrees with it', () => {
    expect(APP_ERROR_CODES.length).toBeGreaterThan(10);
    for (const code of APP_ERROR_CODES) {
      const row = ERROR_TABLE[code];
      expect(row.status, code).toBeGreaterThanOrEqual(400);
      expect(row.status, code).toBeLessThan(600);
      expect(row.summary.length, code).toBeGreaterThan(5);
      const trpcStatus = getHTTPStatusCodeFromError(new TRPCError({ code: row.trpc }));
      if (!TRPC_STATUS_DIFFERS.has(code)) expect(trpcStatus, `${code} → ${row.trpc}`).toBe(row.status);
    }
  });

  it('is the only error model: every error class in server/ extends AppError, except internal ones', () => {
    const parent = new Map<string, string>();
    for (const file of sources(SERVER)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/class (\w+)(?:<[^>]*>)? extends (\w+)/g))
        parent.set(m[1]!, m[2]!);
    }
    const errorClasses = [...parent.keys()].filter((c) => /Error$|Conflict$/.test(c) && c !== 'AppError');
    expect(errorClasses.length).toBeGreaterThan(20);
    const rootOf = (c: string): string => (parent.has(c) && c !== 'AppError' ? rootOf(parent.get(c)!) : c);
    const notApp = errorClasses.filter((c) => rootOf(c) !== 'AppError' && !INTERNAL_ERRORS.has(c));
    expect(notApp).toEqual([]);
    // No hand mapping left: nothing outside the error plumbing builds a TRPCError or picks a status.
    const handMapped = sources(SERVER).filter(
      (f) =>
        !f.endsWith(path.join('trpc', 'init.ts')) && /new TRPCError\(|new HttpError\(/.test(readFileSync(f, 'utf8')),
    );
    expect(handMapped.map((f) => path.relative(SERVER, f))).toEqual(['http/trpc-routes.ts']);
  });
});

describe('docs/api.md', () => {
  it('lists exactly the codes of ERROR_TABLE with their status and tRPC code', () => {
    const doc = readFileSync(path.resolve(SERVER, '../docs/api.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `(\w+)` \| (\d{3}) \| `(\w+)` \|/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
    expect(rows).toEqual(APP_ERROR_CODES.map((c) => [c, ERROR_TABLE[c].status, ERROR_TABLE[c].trpc]));
  });
});

const admin: Identity = { kind: 'user', id: 'u1', name: 'admin@example.com', role: 'admin', ingestOnly: false };
const log = createLogger('silent');

describe('every code through both layers', () => {
  const rest = new RestRouter(
    [
      {
        method: 'GET',
        path: '/boom/:code',
        permission: 'events:read',
        async handler({ params }) {
          throw new AppError(params.code as (typeof APP_ERROR_CODES)[number], `thrown ${params.code}`, {
            details: { current: { version: 2 } },
          });
        },
      },
    ],
    // Identity comes from the session hook; no token is ever presented, so `tokens` is never asked.
    { tokens: {} as ApiTokens, log, sessionIdentity: async () => admin },
  );

  const trpcRouter = router({
    boom: publicProcedure
      .input(z.object({ code: z.enum(APP_ERROR_CODES as [string, ...string[]]) }))
      .query(({ input }) => {
        throw new AppError(input.code as (typeof APP_ERROR_CODES)[number], `thrown ${input.code}`, {
          details: { current: { version: 2 } },
        });
      }),
  });
  const ctx = (): TrpcContext => ({
    identity: admin,
    via: 'session',
    ip: '127.0.0.1',
    log,
    services: {} as TrpcContext['services'],
  });

  it.each(APP_ERROR_CODES)('%s', async (code) => {
    const r = await rest.handle(new Request(`http://picket.test/api/v1/boom/${code}`), '127.0.0.1');
    expect(r.status).toBe(ERROR_TABLE[code].status);
    const body = await r.json();
    expect(body.error).toEqual({ code, message: `thrown ${code}`, details: { current: { version: 2 } } });

    const input = encodeURIComponent(JSON.stringify({ code }));
    const t = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`http://picket.test/api/trpc/boom?input=${input}`),
      router: trpcRouter,
      createContext: ctx,
    });
    const tb = await t.json();
    expect(tb.error.data.code).toBe(ERROR_TABLE[code].trpc);
    expect(tb.error.data.appCode).toBe(code);
    expect(tb.error.data.details).toEqual({ current: { version: 2 } });
    expect(tb.error.data.current).toEqual({ version: 2 });
    expect(tb.error.message).toBe(`thrown ${code}`);
  });

  it('anything else is 500 internal on REST and INTERNAL_SERVER_ERROR / internal on tRPC, without the cause', async () => {
    const plain = new RestRouter(
      [
        {
          method: 'GET',
          path: '/x',
          permission: 'events:read',
          handler: async () => Promise.reject(new Error('secret detail')),
        },
      ],
      { tokens: {} as ApiTokens, log, sessionIdentity: async () => admin },
    );
    const r = await plain.handle(new Request('http://picket.test/api/v1/x'), '127.0.0.1');
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    const t = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request('http://picket.test/api/trpc/boom?input=%7B%22code%22%3A%22nope%22%7D'),
      router: trpcRouter,
      createContext: ctx,
    });
    expect((await t.json()).error.data.appCode).toBe('bad_request');
  });
});
