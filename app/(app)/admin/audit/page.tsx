import { AuditTab } from '@/components/admin/audit-tab';
import { requireAdmin } from '../admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminAuditPage() {
  await requireAdmin();
  return <AuditTab />;
}
