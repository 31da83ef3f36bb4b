import { permission } from '../../init.ts';
import { ruleId } from './rules.types.ts';

/** A disabled copy named "Copy of …". */
export const cloneProcedure = permission('rules:write', { audit: 'recorded' })
  .input(ruleId)
  .mutation(({ ctx, input }) => ctx.services.alerting.rules.clone(input.id, ctx.identity, ctx.ip));
