import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { listInput } from './cases.types.ts';

/** Incidents or investigations, newest first, filtered by phase, severity, owner and text. */
export const listProcedure = permission('cases:read')
  .input(listInput)
  .query(({ ctx, input: { kind, ...filters } }) => ctx.services.cases.records.list(kind, filters, actor(ctx)));
