import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { promoteInput } from './cases.types.ts';

/** Investigation → new incident with all its content; the investigation closes and links to it. */
export const promoteProcedure = permission('cases:write', { audit: 'recorded' })
  .input(promoteInput)
  .mutation(({ ctx, input }) => ctx.services.cases.records.promote(input.id, actor(ctx)));
