import { permission } from '../../init.ts';
import { preparedDefinition, updateInput } from './rules.types.ts';

/** Saves a new version; refused (CONFLICT) when the rule changed since `version`. */
export const updateProcedure = permission('rules:write', { audit: 'recorded' })
  .input(updateInput)
  .mutation(async ({ ctx, input }) => {
    const def = await preparedDefinition(ctx.services.alerting, input.rule);
    return ctx.services.alerting.rules.update(input.id, def, input.version, ctx.identity, ctx.ip);
  });
