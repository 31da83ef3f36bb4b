import { SettingsTab } from '@/components/admin/settings-tab';
import { requireAdmin } from '../admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminSettingsPage() {
  await requireAdmin();
  return <SettingsTab />;
}
