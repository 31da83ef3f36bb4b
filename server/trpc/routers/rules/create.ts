import { permission } from '../../init.ts';
import { createInput, preparedDefinition } from './rules.types.ts';

export const createProcedure = permission('rules:write', { audit: 'recorded' })
  .input(createInput)
  .mutation(async ({ ctx, input }) => {
    const def = await preparedDefinition(ctx.services.alerting, input.rule);
    return ctx.services.alerting.rules.create(def, ctx.identity, ctx.ip);
  });
