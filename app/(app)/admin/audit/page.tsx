import { AuditTab } from '@/components/admin/audit-tab';
import { adminIdentity, Forbidden } from '../admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminAuditPage() {
  return (await adminIdentity()) ? <AuditTab /> : <Forbidden />;
}
