import { TRPCError } from '@trpc/server';
import { permission } from '../../init.ts';
import { ruleId } from './rules.types.ts';

export const getProcedure = permission('rules:read')
  .input(ruleId)
  .query(async ({ ctx, input }) => {
    const r = await ctx.services.alerting.rules.get(input.id);
    if (!r) throw new TRPCError({ code: 'NOT_FOUND', message: `no rule ${input.id}` });
    return { ...r, exceptions: await ctx.services.alerting.rules.exceptions(input.id) };
  });
