// The block lists for firewalls and proxies to pull (what MozDef's createIPBlockList and
// createFQDNBlockList cron jobs wrote out): GET /api/v1/blocklist/{ip,fqdn}.{txt,json}, the active
// entries only (expired ones drop out), sorted, with an ETag so a poller's If-None-Match costs a 304.
// Permission blocklist:read: viewers and up, and ingest-only tokens (a firewall's least privilege).
import crypto from 'node:crypto';
import type { WatchList } from '../../watchlist/watch-values.ts';
import type { WatchlistService } from '../../watchlist/watchlist-service.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RouteDef } from './router.ts';

const FILES: ReadonlyMap<string, { list: WatchList; format: 'txt' | 'json' }> = new Map([
  ['ip.txt', { list: 'blockip', format: 'txt' }],
  ['ip.json', { list: 'blockip', format: 'json' }],
  ['fqdn.txt', { list: 'blockfqdn', format: 'txt' }],
  ['fqdn.json', { list: 'blockfqdn', format: 'json' }],
]);

/** If-None-Match holds this ETag (a list, or *; weak validators compare equal). */
function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === '*' || v === etag;
  });
}

export function blocklistRoutes(service: WatchlistService): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/blocklist/:file',
      permission: 'blocklist:read',
      async handler({ req, params }) {
        const file = FILES.get(params.file);
        if (!file)
          throw new AppError('not_found', `no block list ${params.file} (ip.txt, ip.json, fqdn.txt, fqdn.json)`);
        const items = (await service.list(file.list)).sort((a, b) =>
          a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
        );
        const body =
          file.format === 'txt'
            ? items.map((i) => `${i.value}\n`).join('')
            : JSON.stringify({
                count: items.length,
                items: items.map((i) => ({
                  value: i.value,
                  type: i.type,
                  addedAt: i.createdAt,
                  expiresAt: i.expiresAt,
                })),
              });
        const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
        const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
        if (matches(req.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
        const type = file.format === 'txt' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
        return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': type } });
      },
    },
  ];
}
