import { permission } from '../../init.ts';
import { dropFilterInput } from './drop-filters.types.ts';

// Audited by the service in the insert's transaction (dropFilter.create).
export const createDropFilterProcedure = permission('settings:admin', { audit: 'recorded' })
  .input(dropFilterInput)
  .mutation(({ ctx, input }) => ctx.services.plugins.dropFilters.create(input, ctx.identity, ctx.ip || undefined));
