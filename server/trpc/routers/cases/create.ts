import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { createInput } from './cases.types.ts';

export const createProcedure = permission('cases:write', { audit: 'recorded' })
  .input(createInput)
  .mutation(({ ctx, input: { kind, ...fields } }) => ctx.services.cases.records.create(kind, fields, actor(ctx)));
