import { permission } from '../../init.ts';
import { actor, versioned } from './case-procedure.ts';
import { updateHypothesisInput } from './cases.types.ts';

export const updateHypothesisProcedure = permission('cases:write', { audit: 'recorded' })
  .input(updateHypothesisInput)
  .mutation(({ ctx, input: { id, ...patch } }) =>
    versioned(async () => ({
      record: await ctx.services.cases.parts.updateHypothesis(id, patch, actor(ctx)),
      merged: false,
    })),
  );
