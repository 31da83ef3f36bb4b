import { permission } from '../../init.ts';

/** Every rule with its hit count and last fire. */
export const listProcedure = permission('rules:read').query(({ ctx }) => ctx.services.alerting.rules.list());
