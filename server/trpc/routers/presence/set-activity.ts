import { permission } from '../../init.ts';
import { setActivityInput } from './presence.types.ts';
import { AppError } from '../../../errors/app-error.ts';

/** "X is typing in Timeline": ephemeral like the page, so not audited; needs the realtime socket. */
export const setActivityProcedure = permission('account:self', {
  audit: { skip: 'presence is ephemeral UI state, not a change to records' },
})
  .input(setActivityInput)
  .mutation(async ({ ctx, input }) => {
    if (!ctx.connectionId) throw new AppError('bad_request', 'presence is reported over the /api/ws socket');
    const ok = await ctx.services.presence.setActivity(ctx.connectionId, input.what);
    if (!ok) throw new AppError('not_found', 'this connection is closed');
    return { ok: true as const };
  });
