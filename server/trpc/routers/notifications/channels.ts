import { permission } from '../../init.ts';

/** Channels with secrets redacted to hints. */
export const channelsProcedure = permission('notifications:admin').query(({ ctx }) => ctx.services.notifications.channels.list());
