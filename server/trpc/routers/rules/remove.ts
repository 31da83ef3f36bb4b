import { permission } from '../../init.ts';
import { ruleId, ruleTrpcError } from './rules.types.ts';

export const removeProcedure = permission('rules:write', { audit: 'recorded' })
  .input(ruleId)
  .mutation(async ({ ctx, input }) => {
    await ctx.services.alerting.rules.remove(input.id, ctx.identity, ctx.ip).catch(ruleTrpcError);
    return { id: input.id, deleted: true as const };
  });
