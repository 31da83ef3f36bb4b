import { permission } from '../../init.ts';

/** Every user account, by email. */
export const listUsersProcedure = permission('users:admin').query(({ ctx }) => ctx.services.userAdmin.users.list());
