import { router } from '../../init.ts';
import { getSettingsProcedure } from './get.ts';
import { updateSettingsProcedure } from './update.ts';

export const settingsRouter = router({ get: getSettingsProcedure, update: updateSettingsProcedure });
