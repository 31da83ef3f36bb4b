import { createUser } from '../../../auth/user-admin.ts';
import { permission } from '../../init.ts';
import { createUserInput } from './users.types.ts';

// Audited by the service in the insert's transaction (user.create). A generated password comes back once.
export const createUserProcedure = permission('users:admin', { audit: 'recorded' })
  .input(createUserInput)
  .mutation(({ ctx, input }) => createUser(ctx.services.userAdmin, input, ctx.identity, ctx.ip || undefined));
