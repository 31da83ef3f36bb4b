import { CaseTemplatesPanel } from '@/components/cases/case-templates-panel';
import { requireAdmin } from '../admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminTemplatesPage() {
  await requireAdmin();
  return <CaseTemplatesPanel />;
}
