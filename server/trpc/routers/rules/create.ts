import { permission } from '../../init.ts';
import { createInput, definition } from './rules.types.ts';

export const createProcedure = permission('rules:write', { audit: 'recorded' })
  .input(createInput)
  .mutation(({ ctx, input }) => ctx.services.alerting.rules.create(definition(input.rule), ctx.identity, ctx.ip));
