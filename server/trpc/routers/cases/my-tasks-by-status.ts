import { z } from 'zod';
import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';

/** `open` (default: open and in progress), `done` (done and cancelled) or `all`. */
const myTasksByStatusInput = z.object({ status: z.enum(['open', 'done', 'all']).default('open') });

/** Tasks assigned to me across all cases, filtered by status, for /tasks (empty for API tokens). */
export const myTasksByStatusProcedure = permission('cases:read')
  .input(myTasksByStatusInput)
  .query(({ ctx, input }) => ctx.services.cases.parts.myTasks(actor(ctx), input.status));
