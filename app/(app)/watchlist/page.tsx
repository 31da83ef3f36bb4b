import { WatchlistPage } from '@/components/watchlist/watchlist-page';
import { can } from '@/server/auth/permissions';
import { requirePermission } from '../../session';

export const dynamic = 'force-dynamic';

export default async function Watchlist() {
  const me = await requirePermission('watchlist:read');
  return <WatchlistPage canWrite={can(me, 'watchlist:write')} />;
}
