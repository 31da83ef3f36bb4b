// Shared plumbing of the cases procedures: the acting identity and service errors as tRPC errors.
import { TRPCError } from '@trpc/server';
import type { Identity } from '../../../auth/permissions.ts';
import { CaseError } from '../../../cases/case-model.ts';
import type { Actor } from '../../../cases/case-writer.ts';
import type { VersionedResult } from './cases.types.ts';

const CODES = { not_found: 'NOT_FOUND', bad_request: 'BAD_REQUEST', version_conflict: 'CONFLICT', conflict: 'CONFLICT', payload_too_large: 'PAYLOAD_TOO_LARGE' } as const;

export function actor(ctx: { identity: Identity; ip: string }): Actor {
  return { identity: ctx.identity, ip: ctx.ip || undefined };
}

export async function caseCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CaseError) throw new TRPCError({ code: CODES[err.code], message: err.message });
    throw err;
  }
}

/** A versioned edit: conflicts become a result the UI renders, other errors stay errors. */
export async function versioned<T>(fn: () => Promise<{ record: T; merged: boolean }>): Promise<VersionedResult<T>> {
  try {
    const { record, merged } = await fn();
    return { status: 'updated', record, merged };
  } catch (err) {
    if (err instanceof CaseError && err.code === 'version_conflict') {
      return { status: 'conflict', message: err.message, current: err.current as T, conflictingFields: err.conflictingFields ?? [] };
    }
    return caseCall(() => Promise.reject(err));
  }
}
