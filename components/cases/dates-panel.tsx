'use client';

import { Pencil } from 'lucide-react';
import { useState } from 'react';
import { CASE_DATES, type CaseDate, type CaseDetail } from '@/server/cases/case-model';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { DATE_LABEL, formatTime } from './case-format';
import { ConflictNotice } from './conflict-notice';
import { useVersionedEdit } from './use-versioned-edit';

/** "2026-11-30 05:40 UTC": dates are entered and shown in UTC, the usual clock of incident records. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** ISO → the "YYYY-MM-DDTHH:mm" a datetime-local input holds, read as UTC. */
export function toUtcInput(iso: string | null | undefined): string {
  return (iso ? new Date(iso) : new Date()).toISOString().slice(0, 16);
}

/** The reverse; null when empty or not a date. */
export function fromUtcInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Order problems worth a second look (the server accepts any order: records are sometimes filled in
 * late or from other sources): a date before Opened, or Closed before another date.
 */
export function dateWarnings(d: Pick<CaseDetail, CaseDate>): string[] {
  const out: string[] = [];
  const at = (k: CaseDate) => (d[k] ? Date.parse(d[k]!) : null);
  const opened = at('openedAt');
  const closed = at('closedAt');
  for (const k of CASE_DATES) {
    const t = at(k);
    if (t === null || k === 'openedAt') continue;
    if (opened !== null && t < opened) out.push(`${DATE_LABEL[k]} is before Opened.`);
    if (k !== 'closedAt' && closed !== null && closed < t) out.push(`Closed is before ${DATE_LABEL[k]}.`);
  }
  return out;
}

/** The MozDef dates, each editable on its own with the case's versioned edit and conflict flow. */
export function DatesPanel({
  detail,
  canWrite,
  refresh,
}: {
  detail: CaseDetail;
  canWrite: boolean;
  refresh: () => void;
}) {
  const warnings = dateWarnings(detail);
  return (
    <div>
      <p className="mb-2 text-xs text-muted">Entered and shown in UTC; your local time is in brackets.</p>
      <dl className="divide-y divide-border" data-testid="case-dates">
        {CASE_DATES.map((k) => (
          <DateRow
            key={k}
            caseId={detail.id}
            field={k}
            value={detail[k]}
            version={detail.version}
            canWrite={canWrite}
            onSaved={refresh}
          />
        ))}
      </dl>
      {warnings.length > 0 && (
        <div
          role="status"
          data-testid="date-warnings"
          className="mt-2 rounded-md border border-amber-500/60 bg-amber-500/10 p-2 text-xs"
        >
          {warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
    </div>
  );
}

function DateRow({
  caseId,
  field,
  value,
  version,
  canWrite,
  onSaved,
}: {
  caseId: string;
  field: CaseDate;
  value: string | null;
  version: number;
  canWrite: boolean;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [base, setBase] = useState(version);
  const edit = useVersionedEdit(caseId, field, onSaved);
  const label = DATE_LABEL[field];
  // Opened is required; every other date can be cleared.
  const clearable = field !== 'openedAt';

  async function save(next: string | null, onVersion: number) {
    if (next === null && !clearable) return;
    const r = await edit.save(next as never, onVersion);
    if (r === 'updated') setDraft(null);
  }

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5" data-date={field}>
      <dt className="w-24 text-xs font-semibold text-muted">{label}</dt>
      {draft === null ? (
        <dd className="flex min-w-0 flex-1 items-center gap-2 text-sm">
          <span data-testid={`date-${field}`}>{formatUtc(value)}</span>
          {value && <span className="text-xs text-muted">({formatTime(value)} local)</span>}
          {canWrite && (
            <Button
              size="sm"
              variant="ghost"
              className="ml-auto"
              aria-label={`Edit ${label} date`}
              onClick={() => {
                setDraft(value ? toUtcInput(value) : '');
                setBase(version);
                edit.clearConflict();
              }}
            >
              <Pencil size={14} /> Edit
            </Button>
          )}
        </dd>
      ) : (
        <dd className="min-w-0 flex-1">
          <form
            className="flex flex-wrap items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const iso = fromUtcInput(draft);
              if (draft && !iso) return;
              void save(iso, base);
            }}
          >
            <Input
              type="datetime-local"
              aria-label={`${label} (UTC)`}
              className="h-8 w-auto text-xs"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              autoFocus
              required={!clearable}
            />
            <span className="text-xs text-muted">
              UTC{fromUtcInput(draft) ? ` = ${formatTime(fromUtcInput(draft))} local` : ''}
            </span>
            <Button type="submit" size="sm" disabled={edit.busy}>
              Save {label.toLowerCase()} date
            </Button>
            {clearable && value && (
              <Button size="sm" variant="secondary" disabled={edit.busy} onClick={() => void save(null, base)}>
                Clear
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={() => setDraft(null)}>
              Cancel
            </Button>
            {edit.error && (
              <span role="alert" className="text-xs text-danger">
                {edit.error}
              </span>
            )}
          </form>
          {edit.conflict && (
            <ConflictNotice
              what={`${label.toLowerCase()} date`}
              theirs={formatUtc(edit.conflict.theirs as string | null)}
              mine={formatUtc(fromUtcInput(draft))}
              busy={edit.busy}
              onUseTheirs={() => {
                edit.clearConflict();
                setDraft(null);
              }}
              onOverwrite={() => {
                const v = edit.conflict!.theirVersion;
                setBase(v);
                void save(fromUtcInput(draft), v);
              }}
            />
          )}
        </dd>
      )}
    </div>
  );
}
