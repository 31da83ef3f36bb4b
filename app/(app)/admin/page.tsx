import { UsersTab } from '@/components/admin/users-tab';
import { requireAdmin } from './admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminUsersPage() {
  const me = await requireAdmin();
  return <UsersTab me={me.name} />;
}
