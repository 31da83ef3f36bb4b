import { permission } from '../../init.ts';
import { actor, versioned } from './case-procedure.ts';
import { updateTaskInput } from './cases.types.ts';

export const updateTaskProcedure = permission('cases:write', { audit: 'recorded' })
  .input(updateTaskInput)
  .mutation(({ ctx, input: { id, ...patch } }) =>
    versioned(async () => ({
      record: await ctx.services.cases.parts.updateTask(id, patch, actor(ctx)),
      merged: false,
    })),
  );
