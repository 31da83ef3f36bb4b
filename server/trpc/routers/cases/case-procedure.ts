// Shared plumbing of the cases procedures: the acting identity and versioned edits' results.
import type { Identity } from '../../../auth/permissions.ts';
import { CaseError } from '../../../cases/case-model.ts';
import type { Actor } from '../../../cases/case-writer.ts';
import type { VersionedResult } from './cases.types.ts';

export function actor(ctx: { identity: Identity; ip: string }): Actor {
  return { identity: ctx.identity, ip: ctx.ip || undefined };
}

/** A versioned edit: conflicts become a result the UI renders, other errors stay errors. */
export async function versioned<T>(fn: () => Promise<{ record: T; merged: boolean }>): Promise<VersionedResult<T>> {
  try {
    const { record, merged } = await fn();
    return { status: 'updated', record, merged };
  } catch (err) {
    if (err instanceof CaseError && err.code === 'version_conflict') {
      return {
        status: 'conflict',
        message: err.message,
        current: err.current as T,
        conflictingFields: err.conflictingFields ?? [],
      };
    }
    throw err;
  }
}
