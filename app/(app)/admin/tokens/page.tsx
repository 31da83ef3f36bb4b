import { TokensTab } from '@/components/admin/tokens-tab';
import { requireAdmin } from '../admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminTokensPage() {
  const me = await requireAdmin();
  return <TokensTab scope="all" maxRole={me.role} />;
}
