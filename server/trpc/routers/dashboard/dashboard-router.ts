import { router } from '../../init.ts';
import { navCountsProcedure } from './nav-counts.ts';
import { needsAttentionProcedure } from './needs-attention.ts';
import { summaryProcedure } from './summary.ts';

export const dashboardRouter = router({
  summary: summaryProcedure,
  needsAttention: needsAttentionProcedure,
  navCounts: navCountsProcedure,
});
