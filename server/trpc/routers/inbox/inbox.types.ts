// Inputs of the inbox router, and the one rule all its procedures share: it is your own inbox.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Identity } from '../../../auth/permissions.ts';
import { InboxError } from '../../../inbox/inbox-service.ts';
import { resumeInput } from '../changes/changes.types.ts';

export const listInboxInput = z
  .object({ unreadOnly: z.boolean().default(false), limit: z.number().int().min(1).max(200).default(30), cursor: z.string().max(500).optional() })
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
  if (!me) throw new TRPCError({ code: 'BAD_REQUEST', message: 'API tokens have no inbox; sign in as a user' });
  return me;
}

export async function inboxCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof InboxError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
    throw err;
  }
}
