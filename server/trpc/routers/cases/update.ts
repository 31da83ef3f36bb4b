import { permission } from '../../init.ts';
import { actor, versioned } from './case-procedure.ts';
import { updateInput } from './cases.types.ts';

/** Send `version` and only the fields you changed: stale edits of untouched fields merge. */
export const updateProcedure = permission('cases:write', { audit: 'recorded' })
  .input(updateInput)
  .mutation(({ ctx, input: { id, ...patch } }) =>
    versioned(() => ctx.services.cases.records.update(id, undefined, patch, actor(ctx))),
  );
