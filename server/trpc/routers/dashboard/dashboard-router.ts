import { router } from '../../init.ts';
import { summaryProcedure } from './summary.ts';

export const dashboardRouter = router({ summary: summaryProcedure });
