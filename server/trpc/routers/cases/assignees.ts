import { assignableUsers } from '../../../cases/case-metrics.ts';
import { permission } from '../../init.ts';

/** Who can own a case or take a task (active analysts and admins), for the pickers. */
export const assigneesProcedure = permission('cases:read').query(({ ctx }) => assignableUsers(ctx.services.db));
