import { needsAttention } from '../../../dashboard/needs-attention.ts';
import { permission } from '../../init.ts';

/** What the caller should act on: unowned urgent alerts, their alerts and tasks (parts they may read only). */
export const needsAttentionProcedure = permission('account:self').query(({ ctx }) =>
  needsAttention(ctx.services.db, ctx.identity),
);
