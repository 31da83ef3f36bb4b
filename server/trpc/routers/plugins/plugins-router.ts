import { router } from '../../init.ts';
import { reloadPluginsProcedure } from './reload.ts';
import { pluginsStatusProcedure } from './status.ts';

export const pluginsRouter = router({ status: pluginsStatusProcedure, reload: reloadPluginsProcedure });
