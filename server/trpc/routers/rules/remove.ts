import { permission } from '../../init.ts';
import { ruleId } from './rules.types.ts';

export const removeProcedure = permission('rules:write', { audit: 'recorded' })
  .input(ruleId)
  .mutation(async ({ ctx, input }) => {
    await ctx.services.alerting.rules.remove(input.id, ctx.identity, ctx.ip);
    return { id: input.id, deleted: true as const };
  });
