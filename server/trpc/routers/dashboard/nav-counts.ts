import { navCounts } from '../../../dashboard/needs-attention.ts';
import { permission } from '../../init.ts';

/** The nav badges: open unassigned CRITICAL/HIGH alerts, and my open tasks (null where the caller may not read them). */
export const navCountsProcedure = permission('account:self').query(({ ctx }) =>
  navCounts(ctx.services.db, ctx.identity),
);
