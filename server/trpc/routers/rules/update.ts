import { permission } from '../../init.ts';
import { definition, ruleTrpcError, updateInput } from './rules.types.ts';

/** Saves a new version; refused (CONFLICT) when the rule changed since `version`. */
export const updateProcedure = permission('rules:write', { audit: 'recorded' })
  .input(updateInput)
  .mutation(({ ctx, input }) => ctx.services.alerting.rules.update(input.id, definition(input.rule), input.version, ctx.identity, ctx.ip).catch(ruleTrpcError));
