import { permission } from '../../init.ts';
import { actor, caseCall } from './case-procedure.ts';
import { addHypothesisInput } from './cases.types.ts';

export const addHypothesisProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addHypothesisInput)
  .mutation(({ ctx, input: { caseId, ...h } }) => caseCall(() => ctx.services.cases.parts.addHypothesis(caseId, undefined, h, actor(ctx))));
