import { ACTIONS, can } from '../../../auth/permissions.ts';
import { permission } from '../../init.ts';
import { meOutput } from './account.types.ts';

/** Who am I, and what may I do: the UI's source for hiding actions a role lacks. */
export const meProcedure = permission('account:self')
  .output(meOutput)
  .query(({ ctx }) => {
    const { kind, id, name, role, ingestOnly } = ctx.identity;
    return { kind, id, name, role, ingestOnly, permissions: ACTIONS.filter((a) => can(ctx.identity, a)) };
  });
