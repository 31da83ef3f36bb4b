import { router } from '../../init.ts';
import { listProcedure } from './list.ts';
import { markAllReadProcedure } from './mark-all-read.ts';
import { markReadProcedure } from './mark-read.ts';
import { mentionableProcedure } from './mentionable.ts';
import { onChangeProcedure } from './on-change.ts';
import { unreadCountProcedure } from './unread-count.ts';

/** The signed-in user's in-app notifications (@mentions), and the live feed of their inbox and tasks. */
export const inboxRouter = router({
  list: listProcedure,
  unreadCount: unreadCountProcedure,
  markRead: markReadProcedure,
  markAllRead: markAllReadProcedure,
  mentionable: mentionableProcedure,
  onChange: onChangeProcedure,
});
