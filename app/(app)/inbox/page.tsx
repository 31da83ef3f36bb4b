import { InboxPage } from '@/components/inbox/inbox-page';
import { requirePermission } from '../../session';

export const dynamic = 'force-dynamic';

export default async function Inbox() {
  await requirePermission('account:self');
  return <InboxPage />;
}
