// GET|POST /watchlist, DELETE /watchlist/{id}; GET|POST /blockip, GET|POST /blockfqdn (docs/watchlist.md),
// plus DELETE on the block lists. Expired items are left out unless ?all=true.
import { z } from 'zod';
import { WatchError, type WatchItem, type WatchlistService } from '../../watchlist/watchlist-service.ts';
import type { WatchList } from '../../watchlist/watch-values.ts';
import { HttpError } from '../errors.ts';
import { Created, json, jsonBody, type RouteDef } from './router.ts';

function mapError(err: unknown): never | Response {
  if (err instanceof WatchError) {
    if (err.code === 'bad_request') throw new HttpError(400, 'bad_request', err.message);
    if (err.code === 'not_found') throw new HttpError(404, 'not_found', err.message);
    return json(409, { error: { code: err.code, message: err.message }, current: err.current });
  }
  throw err;
}

function itemId(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new HttpError(404, 'not_found', `no item ${id}`);
  return id;
}

function allParam(url: URL): boolean {
  const v = url.searchParams.get('all');
  if (v === null || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1' || v === '') return true;
  throw new HttpError(400, 'bad_request', 'all: must be true or false');
}

function versionParam(url: URL): number | undefined {
  const v = url.searchParams.get('version');
  if (v === null) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new HttpError(400, 'bad_request', 'version: must be a positive integer');
  return Number(v);
}

function listRoutes(service: WatchlistService, list: WatchList, path: string): RouteDef[] {
  return [
    {
      method: 'GET',
      path,
      permission: 'watchlist:read',
      async handler({ url }): Promise<{ items: WatchItem[] }> {
        return { items: await service.list(list, { all: allParam(url) }) };
      },
    },
    {
      method: 'POST',
      path,
      permission: 'watchlist:write',
      async handler({ req, identity, ip }) {
        const body = await jsonBody(req);
        try {
          return new Created(await service.create(list, body, identity, ip));
        } catch (err) {
          return mapError(err);
        }
      },
    },
    {
      method: 'DELETE',
      path: `${path}/:id`,
      permission: 'watchlist:write',
      async handler({ params, url, identity, ip }) {
        try {
          return await service.remove(itemId(params.id), versionParam(url), identity, ip, list);
        } catch (err) {
          return mapError(err);
        }
      },
    },
  ];
}

export function watchlistRoutes(service: WatchlistService): RouteDef[] {
  return [...listRoutes(service, 'watchlist', '/watchlist'), ...listRoutes(service, 'blockip', '/blockip'), ...listRoutes(service, 'blockfqdn', '/blockfqdn')];
}
