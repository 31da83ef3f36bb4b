import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { addEventsInput } from './cases.types.ts';

/** Several events from the explorer or an alert; each becomes evidence and a timeline entry at its event time. */
export const addEventsProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addEventsInput)
  .mutation(async ({ ctx, input }) => {
    const added = [];
    for (const eventId of new Set(input.eventIds))
      added.push(
        await ctx.services.cases.parts.addEvidence(input.caseId, undefined, { kind: 'event', eventId }, actor(ctx)),
      );
    return added;
  });
