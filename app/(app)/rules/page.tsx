import { RulesList } from '@/components/rules/rules-list';
import { can } from '@/server/auth/permissions';
import { requirePermission } from '../../session';

export const dynamic = 'force-dynamic';

export default async function RulesPage() {
  const me = await requirePermission('rules:read');
  return <RulesList abilities={{ canWrite: can(me, 'rules:write'), canExceptions: can(me, 'alerts:write') }} />;
}
