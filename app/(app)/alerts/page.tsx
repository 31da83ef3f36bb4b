import { Suspense } from 'react';
import { AlertConsole } from '@/components/alerts/alert-console';
import { can } from '@/server/auth/permissions';
import { requirePermission } from '../../session';

export const dynamic = 'force-dynamic';

export default async function AlertsPage() {
  const me = await requirePermission('alerts:read');
  return (
    <Suspense>
      <AlertConsole abilities={{ canWrite: can(me, 'alerts:write'), canEscalate: can(me, 'cases:write') }} />
    </Suspense>
  );
}
