import { UsersTab } from '@/components/admin/users-tab';
import { adminIdentity, Forbidden } from './admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminUsersPage() {
  const me = await adminIdentity();
  return me ? <UsersTab me={me.name} /> : <Forbidden />;
}
