import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { RouteDef } from '../http/v1/router.ts';
import { permission, publicProcedure, router } from '../trpc/init.ts';
import { restCoverageProblems, trpcCoverageProblems } from './permission-coverage.ts';

// The checker the walk tests rely on must actually fail on an omission; these are the omissions.
describe('permission-coverage checker', () => {
  it('passes a router whose procedures all declare permission (and mutations their audit stance)', () => {
    const ok = router({
      list: permission('users:admin').query(() => []),
      nested: router({ save: permission('settings:admin', { audit: 'recorded' }).mutation(() => 1) }),
    });
    expect(trpcCoverageProblems(ok)).toEqual([]);
  });

  it('fails on a deliberately unannotated tRPC procedure', () => {
    // A bare procedure from another tRPC instance: what someone bypassing `permission()` would write.
    const bare = initTRPC.create();
    const bad = bare.router({
      leak: bare.procedure.query(() => 'secret'),
      fine: bare.procedure.meta({ permission: 'events:read' } as never).query(() => 1),
    });
    expect(trpcCoverageProblems(bad)).toEqual(['leak: declares no permission']);
  });

  it('fails on an unaudited mutation, an unknown action and an unexpected public procedure', () => {
    const bad = router({
      save: permission('settings:admin').mutation(() => 1),
      typo: permission('setings:admin' as never).query(() => 1),
      open: publicProcedure.query(() => 1),
    });
    expect(trpcCoverageProblems(bad)).toEqual([
      'save: mutation does not say whether it is audited',
      'typo: permission setings:admin is not in the permission table',
      'open: is public but not on the allowed list',
    ]);
    expect(trpcCoverageProblems(router({ open: publicProcedure.query(() => 1) }), { allowPublic: ['open'] })).toEqual(
      [],
    );
  });

  it('fails on a deliberately unannotated REST route and an unknown action', () => {
    const handler = async () => ({});
    const routes = [
      { method: 'GET', path: '/fine', permission: 'events:read', handler },
      { method: 'POST', path: '/leak', handler } as unknown as RouteDef,
      { method: 'DELETE', path: '/typo', permission: 'evnts:write', handler } as unknown as RouteDef,
    ] satisfies RouteDef[];
    expect(restCoverageProblems(routes)).toEqual([
      'POST /leak: declares no permission',
      'DELETE /typo: permission evnts:write is not in the permission table',
    ]);
    expect(restCoverageProblems(routes.slice(0, 1))).toEqual([]);
  });
});
