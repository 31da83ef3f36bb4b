import { listInbox } from '../../../inbox/inbox-service.ts';
import { permission } from '../../init.ts';
import { inboxOwner, listInboxInput } from './inbox.types.ts';

/** My notifications, newest first (only the caller's own: the query is keyed by their user id). */
export const listProcedure = permission('account:self')
  .input(listInboxInput)
  .query(({ ctx, input }) => {
    const me = inboxOwner(ctx.identity);
    return me ? listInbox(ctx.services.db, me, input) : { items: [], nextCursor: null };
  });
