import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { addTaskInput } from './cases.types.ts';

export const addTaskProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addTaskInput)
  .mutation(({ ctx, input: { caseId, ...task } }) =>
    ctx.services.cases.parts.addTask(caseId, undefined, task, actor(ctx)),
  );
