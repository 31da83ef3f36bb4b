'use client';

import { useState } from 'react';
import type { CaseRecord } from '@/server/cases/case-model';
import { Label, Select } from '../ui/input';
import { ConflictNotice } from './conflict-notice';
import { useVersionedEdit } from './use-versioned-edit';

type SelectField = 'severity' | 'phase' | 'ownerId' | 'tlp' | 'pap';

/** A case field picked from a list and saved at once, on the version shown when it was picked. */
export function CaseFieldSelect({
  record,
  field,
  label,
  options,
  canWrite,
  onSaved,
  intercept,
}: {
  record: CaseRecord;
  field: SelectField;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  canWrite: boolean;
  onSaved: () => void;
  /** Returns true when it takes over this choice instead (closing opens a dialog). */
  intercept?: (value: string) => boolean;
}) {
  const edit = useVersionedEdit(record.id, field, onSaved);
  const [mine, setMine] = useState<string | null>(null);
  const current = (record[field] as string | null) ?? '';
  const labelOf = (v: unknown) => options.find((o) => o.value === (v ?? ''))?.label ?? String(v ?? '—');
  const id = `case-${field}`;
  const toValue = (v: string) => (field === 'ownerId' && v === '' ? null : v) as CaseRecord[SelectField];
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Select
        id={id}
        compact
        value={current}
        disabled={!canWrite || edit.busy}
        title={canWrite ? undefined : 'Read only: your role may not change cases'}
        onChange={(e) => {
          if (intercept?.(e.target.value)) return;
          setMine(e.target.value);
          void edit.save(toValue(e.target.value), record.version);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      {edit.error && (
        <p role="alert" className="mt-1 text-xs text-danger">
          {edit.error}
        </p>
      )}
      {edit.conflict && mine !== null && (
        <ConflictNotice
          what={label.toLowerCase()}
          theirs={labelOf(edit.conflict.theirs)}
          mine={labelOf(mine)}
          busy={edit.busy}
          onUseTheirs={() => edit.clearConflict()}
          onOverwrite={() => void edit.save(toValue(mine), edit.conflict!.theirVersion)}
        />
      )}
    </div>
  );
}
