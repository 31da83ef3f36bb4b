import { TokensTab } from '@/components/admin/tokens-tab';
import { requirePermission } from '../../../session';

export const dynamic = 'force-dynamic';

// Every role manages its own tokens here; a token's role can be at most the user's own.
export default async function AccountTokensPage() {
  const me = await requirePermission('tokens:read-own', 'tokens:write-own');
  return (
    <div>
      <h1 className="mb-1 text-2xl font-bold tracking-tight">API tokens</h1>
      <p className="mb-5 text-sm text-muted">
        Tokens let scripts and shippers call the API as you. A token&apos;s role can be at most yours ({me.role});
        ingest-only tokens may only send events.
      </p>
      <TokensTab scope="own" maxRole={me.role} />
    </div>
  );
}
