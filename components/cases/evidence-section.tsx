'use client';

import { useMutation } from '@tanstack/react-query';
import { FileText, Paperclip, ScrollText } from 'lucide-react';
import { useRef, useState } from 'react';
import type { CaseKind, EvidenceRecord } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { Input, Label, Select } from '../ui/input';
import { markLabel, TLP_MARKS, type Tlp } from '@/server/cases/case-marks';
import { Empty } from '../ui/states';
import { authorLabel, errorMessage, formatBytes, formatTime, KIND_PATH } from './case-format';
import { ReadOnlyNote } from './conflict-notice';
import { EventFields } from './event-fields';
import { MarkBadge } from './mark-badge';
import { TEXTAREA } from './versioned-text';
import { useEvidenceUpload } from './use-evidence-upload';

const ICON = { event: ScrollText, text: FileText, file: Paperclip } as const;

/** Evidence with its chain of custody (who added it, when, size, sha256). Rows never change once added. */
export function EvidenceSection({
  caseId,
  kind,
  evidence,
  canWrite,
  maxBytes,
  refresh,
}: {
  caseId: string;
  kind: CaseKind;
  evidence: EvidenceRecord[];
  canWrite: boolean;
  maxBytes: number;
  refresh: () => void;
}) {
  return (
    <section aria-labelledby="evidence-heading" className="space-y-3">
      <h2 id="evidence-heading" className="sr-only">
        Evidence <span className="text-sm font-normal text-muted">({evidence.length})</span>
      </h2>
      {canWrite ? <AddEvidence caseId={caseId} kind={kind} maxBytes={maxBytes} refresh={refresh} /> : <ReadOnlyNote />}
      {evidence.length === 0 ? (
        <Empty>No evidence yet.</Empty>
      ) : (
        <ul data-testid="evidence" className="space-y-2">
          {evidence.map((e) => {
            const Icon = ICON[e.kind];
            return (
              <li
                key={e.id}
                id={`evidence-${e.id}`}
                data-evidence-kind={e.kind}
                className="rounded-lg border border-border bg-panel p-3"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <Icon size={15} className="text-muted" aria-hidden />
                  <span className="font-medium break-all">{e.title}</span>
                  <span className="rounded bg-panel-2 px-1.5 text-xs text-muted">{e.kind}</span>
                  {e.tlp && <MarkBadge protocol="TLP" mark={e.tlp} />}
                  {e.pap && <MarkBadge protocol="PAP" mark={e.pap} />}
                  {e.kind === 'file' && (
                    <a
                      className="ml-auto text-xs text-accent underline"
                      href={`/api/v1${KIND_PATH[kind]}/${caseId}/evidence/${e.id}/content`}
                      download
                    >
                      Download {formatBytes(e.sizeBytes)}
                    </a>
                  )}
                </div>
                <p className="mt-1 text-xs text-muted">
                  Added by {authorLabel(e.addedBy)} at {formatTime(e.addedAt)} · {formatBytes(e.sizeBytes)} · sha256{' '}
                  <span className="font-mono break-all">{e.sha256}</span>
                </p>
                {e.description && <p className="mt-1 whitespace-pre-wrap text-sm">{e.description}</p>}
                {e.kind === 'event' && e.eventSnapshot && (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-xs text-muted">
                      Event fields (snapshot kept with the case)
                    </summary>
                    <div className="mt-1 max-h-72 overflow-auto rounded border border-border p-2">
                      <EventFields event={e.eventSnapshot} />
                    </div>
                  </details>
                )}
                {e.kind === 'text' && e.textContent !== null && (
                  <pre className="mt-2 max-h-60 overflow-auto rounded border border-border bg-bg p-2 text-xs whitespace-pre-wrap break-words">
                    {e.textContent}
                  </pre>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

type Mode = 'text' | 'file' | 'event';

function AddEvidence({
  caseId,
  kind,
  maxBytes,
  refresh,
}: {
  caseId: string;
  kind: CaseKind;
  maxBytes: number;
  refresh: () => void;
}) {
  const trpc = useTRPC();
  const add = useMutation(trpc.cases.addEvidence.mutationOptions());
  const addEvents = useMutation(trpc.cases.addEvents.mutationOptions());
  const [mode, setMode] = useState<Mode>('text');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [eventIds, setEventIds] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const upload = useEvidenceUpload(kind, caseId);
  const fileInput = useRef<HTMLInputElement>(null);
  // An item's own TLP when it differs from the case's (e.g. a public advisory is TLP:CLEAR).
  const [tlp, setTlp] = useState<Tlp | ''>('');
  const done = () => {
    setTitle('');
    setText('');
    setEventIds('');
    setFile(null);
    refresh();
  };

  async function submit() {
    setLocalError(null);
    if (mode === 'text')
      return add.mutate(
        { caseId, evidence: { kind: 'text', title, text, ...(tlp ? { tlp } : {}) } },
        { onSuccess: done },
      );
    if (mode === 'event') {
      const ids = eventIds.split(/[\s,]+/).filter(Boolean);
      return addEvents.mutate({ caseId, eventIds: ids }, { onSuccess: done });
    }
    if (!file) return setLocalError('Choose a file first.');
    if (file.size > maxBytes)
      return setLocalError(`${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.`);
    if (file.size === 0) return setLocalError(`${file.name} is empty.`);
    upload.start(file, title, () => {
      setTitle('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      refresh();
    });
  }

  const up = upload.state;
  const uploadError = up?.status === 'failed' ? (up.error ?? 'The upload failed.') : null;
  const error =
    localError ??
    uploadError ??
    (add.error ? errorMessage(add.error) : addEvents.error ? errorMessage(addEvents.error) : null);
  const pending = add.isPending || addEvents.isPending || up?.status === 'uploading';
  return (
    <form
      aria-label="Add evidence"
      className="rounded-lg border border-border bg-panel p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div role="radiogroup" aria-label="Evidence kind" className="mb-2 flex gap-1">
        {(['text', 'file', 'event'] as const).map((m) => (
          <Button
            key={m}
            size="sm"
            variant={mode === m ? 'primary' : 'secondary'}
            role="radio"
            aria-checked={mode === m}
            onClick={() => setMode(m)}
          >
            {m === 'text' ? 'Text artifact' : m === 'file' ? 'File' : 'Events by id'}
          </Button>
        ))}
      </div>
      {mode !== 'event' && (
        <div className="mb-2">
          <Label htmlFor="evidence-title">Title{mode === 'file' ? ' (optional)' : ''}</Label>
          <Input id="evidence-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
        </div>
      )}
      {mode === 'text' && (
        <>
          <Label htmlFor="evidence-text">Text</Label>
          <textarea
            id="evidence-text"
            rows={3}
            className={TEXTAREA}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Paste a log excerpt, ransom note, header dump…"
          />
          <Label htmlFor="evidence-tlp">TLP of this item</Label>
          <Select id="evidence-tlp" compact value={tlp} onChange={(e) => setTlp(e.target.value as Tlp | '')}>
            <option value="">As the case</option>
            {TLP_MARKS.map((m) => (
              <option key={m} value={m}>
                {markLabel('TLP', m)}
              </option>
            ))}
          </Select>
        </>
      )}
      {mode === 'file' && (
        <>
          <Label htmlFor="evidence-file">File (up to {formatBytes(maxBytes)})</Label>
          <input
            id="evidence-file"
            ref={fileInput}
            type="file"
            className="text-sm"
            onChange={(e) => (setFile(e.target.files?.[0] ?? null), upload.clear())}
          />
          {up && up.status !== 'failed' && (
            <div className="mt-2 flex items-center gap-2 text-xs" data-upload-status={up.status}>
              <progress
                aria-label="Upload progress"
                className="h-2 w-48 accent-current"
                max={up.total || 1}
                value={up.loaded}
              />
              <span aria-live="polite">
                {up.status === 'done'
                  ? `Uploaded ${up.fileName}`
                  : up.status === 'cancelled'
                    ? 'Upload cancelled'
                    : `Uploading ${up.fileName}`}{' '}
                — {formatBytes(up.loaded)} of {formatBytes(up.total)} (
                {up.total ? Math.floor((up.loaded / up.total) * 100) : 100}%)
              </span>
              {up.status === 'uploading' && (
                <Button size="sm" variant="ghost" onClick={upload.cancel}>
                  Cancel upload
                </Button>
              )}
            </div>
          )}
        </>
      )}
      {mode === 'event' && (
        <>
          <Label htmlFor="evidence-events">Event ids (from the explorer; separated by spaces or commas)</Label>
          <Input
            id="evidence-events"
            value={eventIds}
            onChange={(e) => setEventIds(e.target.value)}
            className="font-mono text-xs"
          />
          <p className="mt-1 text-xs text-muted">
            Each event is copied into the case and put on the timeline at its own time.
          </p>
        </>
      )}
      <div className="mt-2 flex items-center gap-2">
        <Button
          type="submit"
          size="sm"
          disabled={pending || (mode === 'text' && (!title.trim() || !text)) || (mode === 'event' && !eventIds.trim())}
        >
          Add evidence
        </Button>
        {error && (
          <span role="alert" className="text-xs text-danger">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
