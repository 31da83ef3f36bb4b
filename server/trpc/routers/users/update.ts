import { updateUser } from '../../../auth/user-admin.ts';
import { permission } from '../../init.ts';
import { updateUserInput } from './users.types.ts';

// Audited by the service (user.update, with diff). A stale version is CONFLICT with data.current.
export const updateUserProcedure = permission('users:admin', { audit: 'recorded' })
  .input(updateUserInput)
  .mutation(({ ctx, input: { id, version, ...patch } }) =>
    updateUser(ctx.services.userAdmin, id, patch, version, ctx.identity, ctx.ip || undefined),
  );
