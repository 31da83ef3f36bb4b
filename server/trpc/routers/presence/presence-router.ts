import { router } from '../../init.ts';
import { listProcedure } from './list.ts';
import { onChangeProcedure } from './on-change.ts';
import { roomProcedure } from './room.ts';
import { setActivityProcedure } from './set-activity.ts';
import { setPageProcedure } from './set-page.ts';

export const presenceRouter = router({
  list: listProcedure,
  room: roomProcedure,
  setPage: setPageProcedure,
  setActivity: setActivityProcedure,
  onChange: onChangeProcedure,
});
