import { permission } from '../../init.ts';
import { getInput } from './cases.types.ts';

/** One case with phase history, timeline, evidence (without bytes), hypotheses, indicators and tasks — all, or only what changed since a version. */
export const getProcedure = permission('cases:read')
  .input(getInput)
  .query(({ ctx, input }) => ctx.services.cases.records.get(input.id, input.kind, input.sinceVersion));
