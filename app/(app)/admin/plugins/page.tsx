import { DropFiltersPanel } from '@/components/admin/drop-filters-panel';
import { PluginsPanel } from '@/components/admin/plugins-panel';
import { requireAdmin } from '../admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminPluginsPage() {
  await requireAdmin();
  return (
    <div className="space-y-6">
      <PluginsPanel />
      <DropFiltersPanel />
    </div>
  );
}
