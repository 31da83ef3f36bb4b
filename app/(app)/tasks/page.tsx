import { MyTasksPage } from '@/components/tasks/my-tasks-page';
import { can } from '@/server/auth/permissions';
import { requirePermission } from '../../session';

export const dynamic = 'force-dynamic';

export default async function Tasks() {
  const me = await requirePermission('cases:read');
  return <MyTasksPage canWrite={can(me, 'cases:write')} />;
}
