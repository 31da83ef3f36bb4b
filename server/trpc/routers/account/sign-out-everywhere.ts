import { AppError } from '../../../errors/app-error.ts';
import { permission } from '../../init.ts';

/** Ends every session of the signed-in user (the Users service bumps the epoch and audits it). */
export const signOutEverywhereProcedure = permission('account:self', { audit: 'recorded' }).mutation(
  async ({ ctx }) => {
    if (ctx.identity.kind !== 'user')
      throw new AppError('bad_request', 'API tokens have no sessions; revoke the token instead');
    await ctx.services.userAdmin.users.signOutEverywhere(ctx.identity.id, ctx.identity, ctx.ip || undefined);
    // Ended sessions stop working in this process at once (other processes within their cache time).
    ctx.services.userAdmin.sessions.forget();
    return { signedOut: true };
  },
);
