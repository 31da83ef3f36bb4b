import { permission } from '../../init.ts';
import { exportInput } from './cases.types.ts';

/** The case as Markdown (escaped) or JSON for a post-incident review: { fileName, contentType, body }. */
export const exportProcedure = permission('cases:read')
  .input(exportInput)
  .query(({ ctx, input }) => ctx.services.cases.export(input.id, undefined, input.format));
