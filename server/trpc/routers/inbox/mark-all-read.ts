import { markRead } from '../../../inbox/inbox-service.ts';
import { inboxTopic } from '../../../inbox/mention-writer.ts';
import { permission } from '../../init.ts';
import { requireInboxOwner } from './inbox.types.ts';

/** Marks all my unread notifications read. */
export const markAllReadProcedure = permission('account:self', { audit: 'recorded' }).mutation(async ({ ctx }) => {
  const me = requireInboxOwner(ctx.identity);
  const done = await ctx.services.db.transaction(async (tx) => {
    const r = await markRead(tx, me);
    if (r.ids.length)
      await ctx.audit(
        { action: 'inbox.read', targetType: 'user', targetId: me, diff: { readAt: [null, r.readAt], ids: r.ids } },
        tx,
      );
    return r;
  });
  if (done.ids.length)
    await ctx.services.bus
      .publish({ topic: inboxTopic(me), id: 'all', version: 2 })
      .catch((err: unknown) => ctx.log.error({ err }, 'publishing an inbox change failed'));
  return { marked: done.ids.length };
});
