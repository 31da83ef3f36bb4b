import { permission } from '../../init.ts';
import { removeDropFilterInput } from './drop-filters.types.ts';

// Audited by the service in the delete's transaction (dropFilter.remove).
export const removeDropFilterProcedure = permission('settings:admin', { audit: 'recorded' })
  .input(removeDropFilterInput)
  .mutation(({ ctx, input }) =>
    ctx.services.plugins.dropFilters.remove(input.id, input.version, ctx.identity, ctx.ip || undefined),
  );
