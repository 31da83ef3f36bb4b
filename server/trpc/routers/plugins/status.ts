import { allProcesses } from '../../../workers/enrichment-admin.ts';
import { permission } from '../../init.ts';

/** The enrichment plugins of every process that reported in the last two minutes, this one first. */
export const pluginsStatusProcedure = permission('settings:admin').query(async ({ ctx }) => ({
  processes: await allProcesses(ctx.services.plugins),
}));
