import { permission } from '../../init.ts';
import { updateDropFilterInput } from './drop-filters.types.ts';

// Audited by the service with a diff (dropFilter.update); a stale version is CONFLICT with the current record.
export const updateDropFilterProcedure = permission('settings:admin', { audit: 'recorded' })
  .input(updateDropFilterInput)
  .mutation(({ ctx, input }) =>
    ctx.services.plugins.dropFilters.update(input.id, input.filter, input.version, ctx.identity, ctx.ip || undefined),
  );
