import { permission } from '../../init.ts';
import { addExceptionInput } from './rules.types.ts';

/**
 * "Not when …" for a rule. Analysts may add these (alerts:write) while working false positives,
 * without the rules:write an edit of the rule itself needs.
 */
export const addExceptionProcedure = permission('alerts:write', { audit: 'recorded' })
  .input(addExceptionInput)
  .mutation(({ ctx, input }) =>
    ctx.services.alerting.rules.addException(
      input.ruleId,
      input.query,
      input.comment,
      ctx.identity,
      ctx.ip,
      input.expiresAt === undefined ? undefined : input.expiresAt === null ? null : new Date(input.expiresAt),
    ),
  );
