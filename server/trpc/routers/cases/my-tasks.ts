import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';

/** Open tasks assigned to me across all cases (empty for API tokens, which are nobody's tasks). */
export const myTasksProcedure = permission('cases:read').query(({ ctx }) =>
  ctx.services.cases.parts.myTasks(actor(ctx)),
);
