import { Suspense } from 'react';
import { Explorer } from '@/components/explorer/explorer';
import { Loading } from '@/components/ui/states';
import { PERMISSIONS } from '@/server/auth/permissions';
import { requireSession } from '../../session';

export const dynamic = 'force-dynamic';

export default async function EventsPage() {
  const identity = await requireSession();
  return (
    <Suspense fallback={<Loading />}>
      <Explorer
        canWriteCases={PERMISSIONS[identity.role].has('cases:write')}
        canWriteWatchlist={PERMISSIONS[identity.role].has('watchlist:write')}
      />
    </Suspense>
  );
}
