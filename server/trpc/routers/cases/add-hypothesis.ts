import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { addHypothesisInput } from './cases.types.ts';

export const addHypothesisProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addHypothesisInput)
  .mutation(({ ctx, input: { caseId, ...h } }) =>
    ctx.services.cases.parts.addHypothesis(caseId, undefined, h, actor(ctx)),
  );
