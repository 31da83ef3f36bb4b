import { markRead } from '../../../inbox/inbox-service.ts';
import { inboxTopic } from '../../../inbox/mention-writer.ts';
import { permission } from '../../init.ts';
import { markReadInput, requireInboxOwner } from './inbox.types.ts';

/** Marks some of my notifications read; ids of other users' notifications change nothing. */
export const markReadProcedure = permission('account:self', { audit: 'recorded' })
  .input(markReadInput)
  .mutation(async ({ ctx, input }) => {
    const me = requireInboxOwner(ctx.identity);
    const done = await ctx.services.db.transaction(async (tx) => {
      const r = await markRead(tx, me, input.ids);
      if (r.ids.length)
        await ctx.audit(
          { action: 'inbox.read', targetType: 'user', targetId: me, diff: { readAt: [null, r.readAt], ids: r.ids } },
          tx,
        );
      return r;
    });
    // Other tabs of mine refetch their count.
    if (done.ids.length)
      await ctx.services.bus
        .publish({ topic: inboxTopic(me), id: done.ids[0], version: 2 })
        .catch((err: unknown) => ctx.log.error({ err }, 'publishing an inbox change failed'));
    return { marked: done.ids.length };
  });
