import { notFound } from 'next/navigation';
import { RuleEditor } from '@/components/rules/rule-editor';
import { can } from '@/server/auth/permissions';
import { requirePermission } from '../../../session';

export const dynamic = 'force-dynamic';

export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const me = await requirePermission('rules:read');
  return (
    <RuleEditor id={id} abilities={{ canWrite: can(me, 'rules:write'), canExceptions: can(me, 'alerts:write') }} />
  );
}
