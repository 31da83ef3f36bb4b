import type { ReactNode } from 'react';
import { AdminTabs } from '@/components/admin/admin-tabs';
import { requireAdmin } from './admin-guard';

export const dynamic = 'force-dynamic';

// Guarded here and again in each page: a layout is not re-run on every client navigation.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold tracking-tight">Admin</h1>
      <AdminTabs />
      <div className="mt-5">{children}</div>
    </div>
  );
}
