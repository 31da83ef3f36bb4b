import { readEntityRequest } from '../../../entities/entity-input.ts';
import { permission } from '../../init.ts';
import { getInput } from './entities.types.ts';

/** The entity page: the same answer as GET /api/v1/entities/{kind}/{value}. */
export const getProcedure = permission('events:read')
  .input(getInput)
  .query(async ({ ctx, input }) => {
    const r = readEntityRequest(input.kind, input.value, input.from, input.to);
    return ctx.services.entities.get(r.kind, r.value, r.from, r.to);
  });
