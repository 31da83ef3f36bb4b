import { permission } from '../../init.ts';

export const listDropFiltersProcedure = permission('settings:admin').query(({ ctx }) =>
  ctx.services.plugins.dropFilters.list(),
);
