import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { addTimelineEntryInput } from './cases.types.ts';

export const addTimelineEntryProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addTimelineEntryInput)
  .mutation(({ ctx, input: { caseId, ...entry } }) =>
    ctx.services.cases.parts.addTimeline(caseId, undefined, entry, actor(ctx)),
  );
