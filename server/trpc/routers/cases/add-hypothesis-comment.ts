import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { addHypothesisCommentInput } from './cases.types.ts';

/** The discussion under a hypothesis: append-only comments. */
export const addHypothesisCommentProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addHypothesisCommentInput)
  .mutation(({ ctx, input }) => ctx.services.cases.parts.addComment(input.hypothesisId, input.text, actor(ctx)));
