import { verisStatistics } from '../../../cases/veris-stats.ts';
import { permission } from '../../init.ts';
import { verisStatsInput } from './cases.types.ts';

/** Incidents per VERIS tag, grouped by VERIS category, for incidents opened in a date range (/incidents/veris). */
export const verisStatsProcedure = permission('cases:read')
  .input(verisStatsInput)
  .query(({ ctx, input }) =>
    verisStatistics(ctx.services.db, {
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
    }),
  );
