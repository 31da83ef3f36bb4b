import { permission } from '../../init.ts';

/** Everyone connected right now to any process, one entry per socket, with the page each reported. */
export const listProcedure = permission('account:self').query(({ ctx }) => ctx.services.presence.list());
