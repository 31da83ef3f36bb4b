import { permission } from '../../init.ts';

/** The instance settings with where each value comes from, and the read-only facts. */
export const getSettingsProcedure = permission('settings:admin').query(({ ctx }) => ctx.services.settings.get());
