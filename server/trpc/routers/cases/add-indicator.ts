import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { addIndicatorInput } from './cases.types.ts';

export const addIndicatorProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addIndicatorInput)
  .mutation(({ ctx, input }) =>
    ctx.services.cases.parts.addIndicator(input.caseId, undefined, input.indicator, actor(ctx)),
  );
