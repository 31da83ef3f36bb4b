import { z } from 'zod';
import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';

/** `open` (default: open and in progress), `done` (done and cancelled) or `all`. */
const myTasksInput = z.object({ status: z.enum(['open', 'done', 'all']).default('open') }).optional();

/** Tasks assigned to me across all cases (empty for API tokens, which are nobody's tasks). */
export const myTasksProcedure = permission('cases:read')
  .input(myTasksInput)
  .query(({ ctx, input }) => ctx.services.cases.parts.myTasks(actor(ctx), input?.status));
