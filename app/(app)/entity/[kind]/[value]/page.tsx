import { EntityPage } from '@/components/entities/entity-page';
import { can } from '@/server/auth/permissions';
import { requirePermission } from '../../../../session';

export const dynamic = 'force-dynamic';

export default async function Page({ params }: { params: Promise<{ kind: string; value: string }> }) {
  const me = await requirePermission('events:read');
  const p = await params;
  // Next hands the segment still percent-encoded in some versions; decode once, tolerating bad escapes.
  let value = p.value;
  try {
    value = decodeURIComponent(p.value);
  } catch {
    // left as sent: the API answers a clear 400 for it
  }
  return (
    <EntityPage
      kind={p.kind}
      value={value}
      canWriteWatchlist={can(me, 'watchlist:write')}
      canWriteCases={can(me, 'cases:write')}
    />
  );
}
