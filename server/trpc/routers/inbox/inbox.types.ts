// Inputs of the inbox router, and the one rule all its procedures share: it is your own inbox.
import { z } from 'zod';
import type { Identity } from '../../../auth/permissions.ts';
import { resumeInput } from '../changes/changes.types.ts';
import { AppError } from '../../../errors/app-error.ts';

export const listInboxInput = z
  .object({
    unreadOnly: z.boolean().default(false),
    limit: z.number().int().min(1).max(200).default(30),
    cursor: z.string().max(500).optional(),
  })
  .default({ unreadOnly: false, limit: 30 });
export const markReadInput = z.object({ ids: z.array(z.uuid()).min(1).max(500) });
/** `inbox`: my notifications; `tasks`: tasks assigned to me. Items carry ids: refetch. */
export const onChangeInput = resumeInput.extend({ stream: z.enum(['inbox', 'tasks']) });

/** API tokens are nobody: they have no inbox and no tasks. */
export function inboxOwner(identity: Identity): string | null {
  return identity.kind === 'user' ? identity.id : null;
}

export function requireInboxOwner(identity: Identity): string {
  const me = inboxOwner(identity);
  if (!me) throw new AppError('bad_request', 'API tokens have no inbox; sign in as a user');
  return me;
}
