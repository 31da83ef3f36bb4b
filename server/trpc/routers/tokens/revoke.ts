import { permission } from '../../init.ts';
import { revokeTokenInput } from './tokens.types.ts';

// Audited by the service (token.revoke). Someone else's token is NOT_FOUND for a non-admin.
export const revokeTokenProcedure = permission('tokens:write-own', { audit: 'recorded' })
  .input(revokeTokenInput)
  .mutation(({ ctx, input }) => ctx.services.tokens.revokeAs(input.id, ctx.identity, ctx.ip || undefined));
