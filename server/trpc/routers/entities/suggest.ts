import { permission } from '../../init.ts';
import { suggestInput } from './entities.types.ts';

/** Command palette: entities seen in the last day whose value starts with the typed prefix. */
export const suggestProcedure = permission('events:read')
  .input(suggestInput)
  .query(({ ctx, input }) => ctx.services.entities.suggest(input.prefix, input.kinds));
