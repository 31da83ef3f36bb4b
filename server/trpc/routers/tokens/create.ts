import { permission } from '../../init.ts';
import { createTokenInput } from './tokens.types.ts';

// Audited by the service (token.create); its role cannot exceed the creator's (FORBIDDEN). The value is shown once.
export const createTokenProcedure = permission('tokens:write-own', { audit: 'recorded' })
  .input(createTokenInput)
  .mutation(async ({ ctx, input }) => {
    const created = await ctx.services.tokens.create({ ...input, actor: ctx.identity, ip: ctx.ip || undefined });
    return { ...created, name: input.name, role: input.role, ingestOnly: input.ingestOnly };
  });
