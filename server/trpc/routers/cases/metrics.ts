import { caseMetrics } from '../../../cases/case-metrics.ts';
import { permission } from '../../init.ts';
import { metricsInput } from './cases.types.ts';

/** Cases per phase (the board's columns) and time to contain / close (median, p90, mean). */
export const metricsProcedure = permission('cases:read')
  .input(metricsInput)
  .query(({ ctx, input }) => caseMetrics(ctx.services.db, input.kind));
