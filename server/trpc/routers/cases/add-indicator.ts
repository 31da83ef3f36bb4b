import { permission } from '../../init.ts';
import { actor, caseCall } from './case-procedure.ts';
import { addIndicatorInput } from './cases.types.ts';

export const addIndicatorProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addIndicatorInput)
  .mutation(({ ctx, input }) => caseCall(() => ctx.services.cases.parts.addIndicator(input.caseId, undefined, input.indicator, actor(ctx))));
