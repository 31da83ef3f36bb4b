// GET|POST /watchlist, DELETE /watchlist/{id}; GET|POST /blockip, GET|POST /blockfqdn (docs/watchlist.md),
// plus DELETE on the block lists. Expired items are left out unless ?all=true.
import { z } from 'zod';
import { type WatchItem, type WatchlistService } from '../../watchlist/watchlist-service.ts';
import type { WatchList } from '../../watchlist/watch-values.ts';
import { AppError } from '../../errors/app-error.ts';
import { Created, jsonBody, type RouteDef } from './router.ts';
import { watchItemAnswer, watchListAnswer } from './answers.types.ts';

function itemId(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new AppError('not_found', `no item ${id}`);
  return id;
}

function allParam(url: URL): boolean {
  const v = url.searchParams.get('all');
  if (v === null || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1' || v === '') return true;
  throw new AppError('bad_request', 'all: must be true or false');
}

function versionParam(url: URL): number | undefined {
  const v = url.searchParams.get('version');
  if (v === null) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new AppError('bad_request', 'version: must be a positive integer');
  return Number(v);
}

function listRoutes(service: WatchlistService, list: WatchList, path: string): RouteDef[] {
  return [
    {
      method: 'GET',
      path,
      permission: 'watchlist:read',
      response: watchListAnswer,
      async handler({ url }): Promise<{ items: WatchItem[] }> {
        return { items: await service.list(list, { all: allParam(url) }) };
      },
    },
    {
      method: 'POST',
      path,
      permission: 'watchlist:write',
      response: watchItemAnswer,
      async handler({ req, identity, ip }) {
        const body = await jsonBody(req);
        return new Created(await service.create(list, body, identity, ip));
      },
    },
    {
      method: 'DELETE',
      path: `${path}/:id`,
      permission: 'watchlist:write',
      async handler({ params, url, identity, ip }) {
        return service.remove(itemId(params.id), versionParam(url), identity, ip, list);
      },
    },
  ];
}

export function watchlistRoutes(service: WatchlistService): RouteDef[] {
  return [
    ...listRoutes(service, 'watchlist', '/watchlist'),
    ...listRoutes(service, 'blockip', '/blockip'),
    ...listRoutes(service, 'blockfqdn', '/blockfqdn'),
  ];
}
