'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { CasePatch, CaseRecord, EditableCaseField } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { errorMessage } from './case-format';

export interface FieldConflict<V> {
  theirs: V;
  theirVersion: number;
}

/**
 * One editable case field: `save(value, baseVersion)` sends the version the edit started from and
 * only this field. A stale edit of a field nobody else touched merges on the server; a real
 * collision comes back as `conflict` with the current value, which the caller shows next to the
 * user's draft ("Use theirs" / "Overwrite with mine" = save again on `theirVersion`).
 */
export function useVersionedEdit<F extends EditableCaseField>(caseId: string, field: F, onSaved: () => void) {
  const trpc = useTRPC();
  const [conflict, setConflict] = useState<FieldConflict<CaseRecord[F]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const update = useMutation(trpc.cases.update.mutationOptions());
  const setPhase = useMutation(trpc.cases.setPhase.mutationOptions());

  async function save(value: CaseRecord[F], baseVersion: number): Promise<'updated' | 'conflict' | 'failed'> {
    setError(null);
    try {
      const res =
        field === 'phase'
          ? await setPhase.mutateAsync({ id: caseId, phase: value as string, version: baseVersion })
          : await update.mutateAsync({
              id: caseId,
              version: baseVersion,
              ...({ [field]: value } as CasePatch),
            } as Parameters<typeof update.mutateAsync>[0]);
      onSaved();
      if (res.status === 'conflict') {
        const current = res.current as CaseRecord;
        setConflict({ theirs: current[field], theirVersion: current.version });
        return 'conflict';
      }
      setConflict(null);
      return 'updated';
    } catch (err) {
      setError(errorMessage(err));
      return 'failed';
    }
  }

  return {
    save,
    conflict,
    clearConflict: () => setConflict(null),
    error,
    busy: update.isPending || setPhase.isPending,
  };
}
