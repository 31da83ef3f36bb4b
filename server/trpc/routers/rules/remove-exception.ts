import { permission } from '../../init.ts';
import { removeExceptionInput } from './rules.types.ts';

export const removeExceptionProcedure = permission('alerts:write', { audit: 'recorded' })
  .input(removeExceptionInput)
  .mutation(async ({ ctx, input }) => {
    await ctx.services.alerting.rules.removeException(input.ruleId, input.exceptionId, ctx.identity, ctx.ip);
    return { ok: true as const };
  });
