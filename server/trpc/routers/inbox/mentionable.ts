import { mentionableUsers } from '../../../inbox/mention-writer.ts';
import { permission } from '../../init.ts';

/** People a case note can @mention (active users who can read cases), with their handle, for the composer's autocomplete. */
export const mentionableProcedure = permission('cases:read').query(({ ctx }) => mentionableUsers(ctx.services.db));
