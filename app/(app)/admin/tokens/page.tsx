import { TokensTab } from '@/components/admin/tokens-tab';
import { adminIdentity, Forbidden } from '../admin-guard';

export const dynamic = 'force-dynamic';

export default async function AdminTokensPage() {
  return (await adminIdentity()) ? <TokensTab /> : <Forbidden />;
}
