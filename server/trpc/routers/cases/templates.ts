import { z } from 'zod';
import { templateInput, templatePatch } from '../../../cases/case-templates.ts';
import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';

/** Case templates, by name: anyone who reads cases sees them (the new-case dialog offers them). */
export const templatesProcedure = permission('cases:read').query(({ ctx }) => ctx.services.cases.templates.list());

/** Admins define templates; each change is audited (caseTemplate.create/update/delete). */
export const createTemplateProcedure = permission('settings:admin', { audit: 'recorded' })
  .input(templateInput)
  .mutation(({ ctx, input }) => ctx.services.cases.templates.create(input, actor(ctx)));

/** Versioned: a stale version is CONFLICT with the current template in error.data.current. */
export const updateTemplateProcedure = permission('settings:admin', { audit: 'recorded' })
  .input(templatePatch)
  .mutation(({ ctx, input }) => ctx.services.cases.templates.update(input, actor(ctx)));

export const deleteTemplateProcedure = permission('settings:admin', { audit: 'recorded' })
  .input(z.object({ id: z.uuid() }))
  .mutation(({ ctx, input }) => ctx.services.cases.templates.remove(input.id, actor(ctx)));
