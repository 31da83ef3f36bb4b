import { unreadCount } from '../../../inbox/inbox-service.ts';
import { permission } from '../../init.ts';
import { inboxOwner } from './inbox.types.ts';

/** The bell's number: my unread notifications. */
export const unreadCountProcedure = permission('account:self').query(async ({ ctx }) => {
  const me = inboxOwner(ctx.identity);
  return { count: me ? await unreadCount(ctx.services.db, me) : 0 };
});
