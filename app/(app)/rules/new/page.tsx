import { RuleEditor } from '@/components/rules/rule-editor';
import { can } from '@/server/auth/permissions';
import { requirePermission } from '../../../session';

export const dynamic = 'force-dynamic';

// Readers may draft and test here too (rules:read); only saving needs rules:write.
export default async function NewRulePage() {
  const me = await requirePermission('rules:read');
  return <RuleEditor abilities={{ canWrite: can(me, 'rules:write'), canExceptions: can(me, 'alerts:write') }} />;
}
