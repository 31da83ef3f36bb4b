'use client';

import { Pencil } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { cn } from '../ui/cn';
import { ConflictNotice } from './conflict-notice';
import { useVersionedEdit } from './use-versioned-edit';
import { MentionTextarea } from '../inbox/mention-textarea';

type TextField = 'summary' | 'description' | 'lessonsLearned' | 'mitigations';

export const TEXTAREA =
  'w-full rounded-md border border-border bg-bg px-2.5 py-2 text-sm text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-accent';

/**
 * Inline editing of one text field of a case. The draft and the version it started from live here
 * until saved: a live update from someone else changes what is displayed, never the draft.
 */
export function VersionedText({
  caseId,
  field,
  label,
  value,
  version,
  canWrite,
  multiline,
  onSaved,
  onTyping,
  display,
  className,
}: {
  caseId: string;
  field: TextField;
  label: string;
  value: string;
  version: number;
  canWrite: boolean;
  multiline?: boolean;
  onSaved: () => void;
  onTyping?: () => void;
  display?: ReactNode;
  className?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [base, setBase] = useState(version);
  const edit = useVersionedEdit(caseId, field, onSaved);
  const editing = draft !== null;

  function start() {
    setDraft(value);
    setBase(version);
    edit.clearConflict();
  }
  async function save(onVersion: number) {
    if (draft === null) return;
    if (draft === value && !edit.conflict) return setDraft(null);
    const r = await edit.save(draft, onVersion);
    if (r === 'updated') setDraft(null);
  }

  if (!editing) {
    return (
      <div className={cn('group flex items-start gap-2', className)}>
        <div
          id={`field-${field}`}
          className="min-w-0 flex-1 scroll-mt-24 rounded data-[anchored=true]:bg-accent/10"
          data-field={field}
        >
          {display ??
            (value ? (
              <span className="whitespace-pre-wrap break-words">{value}</span>
            ) : (
              <span className="text-muted">—</span>
            ))}
        </div>
        {canWrite && (
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Edit ${label}`}
            onClick={start}
            className="shrink-0 opacity-70 group-hover:opacity-100"
          >
            <Pencil size={14} /> Edit
          </Button>
        )}
      </div>
    );
  }

  const common = {
    'aria-label': label,
    value: draft,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value);
      onTyping?.();
    },
  };
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        void save(base);
      }}
    >
      {multiline ? (
        <MentionTextarea
          aria-label={label}
          rows={6}
          value={draft}
          onValueChange={(v) => {
            setDraft(v);
            onTyping?.();
          }}
        />
      ) : (
        <Input {...common} autoFocus maxLength={500} />
      )}
      <div className="mt-2 flex items-center gap-2">
        <Button type="submit" size="sm" disabled={edit.busy || (!draft.trim() && field === 'summary')}>
          Save {label.toLowerCase()}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setDraft(null)}>
          Cancel
        </Button>
        {edit.error && (
          <span role="alert" className="text-xs text-danger">
            {edit.error}
          </span>
        )}
      </div>
      {edit.conflict && (
        <ConflictNotice
          what={label.toLowerCase()}
          theirs={String(edit.conflict.theirs ?? '')}
          mine={draft}
          busy={edit.busy}
          onUseTheirs={() => {
            edit.clearConflict();
            setDraft(null);
          }}
          onOverwrite={() => {
            const v = edit.conflict!.theirVersion;
            setBase(v);
            void edit.save(draft, v).then((r) => r === 'updated' && setDraft(null));
          }}
        />
      )}
    </form>
  );
}
