import { permission } from '../../init.ts';
import { setPageInput } from './presence.types.ts';
import { AppError } from '../../../errors/app-error.ts';

/**
 * The caller reports the page it is on. Presence is ephemeral (entries expire unless heartbeated, gone
 * with the socket), so this mutation is deliberately NOT audited. It needs the realtime socket: presence
 * is keyed by connection, and an HTTP call has none.
 */
export const setPageProcedure = permission('account:self', {
  audit: { skip: 'presence is ephemeral UI state, not a change to records' },
})
  .input(setPageInput)
  .mutation(async ({ ctx, input }) => {
    if (!ctx.connectionId) throw new AppError('bad_request', 'presence is reported over the /api/ws socket');
    const ok = await ctx.services.presence.setPage(ctx.connectionId, input.page);
    if (!ok) throw new AppError('not_found', 'this connection is closed');
    return { ok: true as const };
  });
