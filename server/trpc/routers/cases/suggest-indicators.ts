import { z } from 'zod';
import { permission } from '../../init.ts';

/** IPs, users, hosts/domains, URLs and hashes in the case's evidence events that it does not list yet. */
export const suggestIndicatorsProcedure = permission('cases:read')
  .input(z.object({ caseId: z.uuid() }))
  .query(({ ctx, input }) => ctx.services.cases.suggestIndicators(input.caseId));
