import { permission } from '../../init.ts';
import { toggleInput } from './rules.types.ts';

export const toggleProcedure = permission('rules:write', { audit: 'recorded' })
  .input(toggleInput)
  .mutation(({ ctx, input }) =>
    ctx.services.alerting.rules.setEnabled(input.id, input.enabled, input.version, ctx.identity, ctx.ip),
  );
