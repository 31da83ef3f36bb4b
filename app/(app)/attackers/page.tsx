import { AttackersPage } from '@/components/entities/attackers-page';
import { can } from '@/server/auth/permissions';
import { requirePermission } from '../../session';

export const dynamic = 'force-dynamic';

export default async function Attackers() {
  const me = await requirePermission('events:read');
  return <AttackersPage canBlock={can(me, 'watchlist:write')} canOpenCase={can(me, 'cases:write')} />;
}
