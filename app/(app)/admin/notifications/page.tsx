import { ChannelsTab } from '@/components/notifications/channels-tab';
import { requirePermission } from '../../../session';
import { requireAdmin } from '../admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminNotificationsPage() {
  await requireAdmin();
  await requirePermission('notifications:admin');
  return <ChannelsTab />;
}
