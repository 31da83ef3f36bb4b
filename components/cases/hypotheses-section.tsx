'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { HYPOTHESIS_STATUSES, type EvidenceRecord, type HypothesisRecord } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { Label, Select } from '../ui/input';
import { cn } from '../ui/cn';
import { Empty } from '../ui/states';
import { authorLabel, errorMessage, formatTime } from './case-format';
import { ReadOnlyNote } from './conflict-notice';
import { MarkdownText } from './markdown-text';
import { TEXTAREA } from './versioned-text';
import { MentionTextarea } from '../inbox/mention-textarea';

const STATUS_STYLE: Record<HypothesisRecord['status'], string> = {
  open: 'border-border text-muted',
  supported: 'border-ok/50 text-ok',
  refuted: 'border-danger/50 text-danger',
  inconclusive: 'border-amber-500/50 text-amber-700 dark:text-amber-400',
};

export function HypothesesSection({
  caseId,
  hypotheses,
  evidence,
  canWrite,
  refresh,
}: {
  caseId: string;
  hypotheses: HypothesisRecord[];
  evidence: EvidenceRecord[];
  canWrite: boolean;
  refresh: () => void;
}) {
  const titles = new Map(evidence.map((e) => [e.id, e.title]));
  return (
    <section aria-labelledby="hypotheses-heading" className="space-y-3">
      <h2 id="hypotheses-heading" className="sr-only">
        Hypotheses <span className="text-sm font-normal text-muted">({hypotheses.length})</span>
      </h2>
      {canWrite ? <AddHypothesis caseId={caseId} evidence={evidence} refresh={refresh} /> : <ReadOnlyNote />}
      {hypotheses.length === 0 ? (
        <Empty>No hypotheses yet.</Empty>
      ) : (
        <ul data-testid="hypotheses" className="space-y-2">
          {hypotheses.map((h) => (
            <Hypothesis key={h.id} h={h} titles={titles} canWrite={canWrite} refresh={refresh} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EvidenceLinks({ label, ids, titles }: { label: string; ids: string[]; titles: Map<string, string> }) {
  if (ids.length === 0) return null;
  return (
    <p className="text-xs">
      <span className="text-muted">{label}: </span>
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <a href={`#evidence-${id}`} className="text-accent underline">
            {titles.get(id) ?? id.slice(0, 8)}
          </a>
        </span>
      ))}
    </p>
  );
}

function Hypothesis({
  h,
  titles,
  canWrite,
  refresh,
}: {
  h: HypothesisRecord;
  titles: Map<string, string>;
  canWrite: boolean;
  refresh: () => void;
}) {
  const trpc = useTRPC();
  const update = useMutation(trpc.cases.updateHypothesis.mutationOptions());
  const comment = useMutation(trpc.cases.addHypothesisComment.mutationOptions());
  const [conflict, setConflict] = useState<string | null>(null);
  const [text, setText] = useState('');

  function patch(p: { status?: HypothesisRecord['status']; confidence?: number }, version = h.version) {
    setConflict(null);
    update.mutate(
      { id: h.id, version, ...p },
      {
        onSuccess: (r) => {
          refresh();
          if (r.status === 'conflict')
            setConflict(
              `Someone else changed this hypothesis meanwhile (now ${r.current.status}, ${r.current.confidence}% confidence); your change was not applied. Choose again.`,
            );
        },
      },
    );
  }

  return (
    <li data-hypothesis={h.statement} className="rounded-lg border border-border bg-panel p-3">
      <div className="flex flex-wrap items-start gap-2">
        <p className="min-w-0 flex-1 whitespace-pre-wrap break-words font-medium">{h.statement}</p>
        <span className={cn('rounded-full border px-2 py-0.5 text-xs font-medium', STATUS_STYLE[h.status])}>
          {h.status}
        </span>
        <span className="text-xs text-muted">{h.confidence}% confidence</span>
      </div>
      <div className="mt-1 flex flex-wrap gap-x-4 text-xs">
        <EvidenceLinks label="Supporting" ids={h.supportingEvidence} titles={titles} />
        <EvidenceLinks label="Refuting" ids={h.refutingEvidence} titles={titles} />
      </div>
      <p className="mt-1 text-xs text-muted">
        By {authorLabel(h.createdBy)} at {formatTime(h.createdAt)}
      </p>
      {canWrite && (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <Select
            compact
            aria-label={`Status of: ${h.statement.slice(0, 60)}`}
            value={h.status}
            disabled={update.isPending}
            onChange={(e) => patch({ status: e.target.value as HypothesisRecord['status'] })}
          >
            {HYPOTHESIS_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
          <Select
            compact
            aria-label="Confidence"
            value={String(Math.round(h.confidence / 10) * 10)}
            disabled={update.isPending}
            onChange={(e) => patch({ confidence: Number(e.target.value) })}
          >
            {Array.from({ length: 11 }, (_, i) => i * 10).map((c) => (
              <option key={c} value={c}>
                {c}%
              </option>
            ))}
          </Select>
        </div>
      )}
      {(conflict || update.error) && (
        <p role="alert" className="mt-1 text-xs text-danger">
          {conflict ?? errorMessage(update.error)}
        </p>
      )}
      <details className="mt-2" open={h.comments.length > 0 && h.comments.length <= 3}>
        <summary className="cursor-pointer text-xs text-muted">Discussion ({h.comments.length})</summary>
        <ul className="mt-1 space-y-1 border-l border-border pl-3">
          {h.comments.map((c) => (
            <li
              key={c.id}
              id={`comment-${c.id}`}
              className="scroll-mt-24 rounded text-sm data-[anchored=true]:bg-accent/10"
            >
              <span className="text-xs text-muted">
                {authorLabel(c.author)} · {formatTime(c.createdAt)}
              </span>
              <MarkdownText text={c.text} />
            </li>
          ))}
        </ul>
        {canWrite && (
          <form
            className="mt-1 flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim())
                comment.mutate({ hypothesisId: h.id, text }, { onSuccess: () => (setText(''), refresh()) });
            }}
          >
            <div className="min-w-0 flex-1">
              <MentionTextarea
                singleLine
                aria-label="Comment"
                placeholder="Add to the discussion (@ to mention)"
                value={text}
                onValueChange={setText}
              />
            </div>
            <Button type="submit" size="sm" variant="secondary" disabled={comment.isPending || !text.trim()}>
              Comment
            </Button>
          </form>
        )}
        {comment.error && (
          <p role="alert" className="text-xs text-danger">
            {errorMessage(comment.error)}
          </p>
        )}
      </details>
    </li>
  );
}

function AddHypothesis({
  caseId,
  evidence,
  refresh,
}: {
  caseId: string;
  evidence: EvidenceRecord[];
  refresh: () => void;
}) {
  const trpc = useTRPC();
  const add = useMutation(trpc.cases.addHypothesis.mutationOptions());
  const [statement, setStatement] = useState('');
  const [confidence, setConfidence] = useState(50);
  const [links, setLinks] = useState<Record<string, 'supporting' | 'refuting' | undefined>>({});
  const pick = (which: 'supporting' | 'refuting') =>
    Object.entries(links)
      .filter(([, v]) => v === which)
      .map(([id]) => id);
  return (
    <form
      aria-label="Add hypothesis"
      className="rounded-lg border border-border bg-panel p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!statement.trim()) return;
        add.mutate(
          { caseId, statement, confidence, supportingEvidence: pick('supporting'), refutingEvidence: pick('refuting') },
          { onSuccess: () => (setStatement(''), setLinks({}), refresh()) },
        );
      }}
    >
      <Label htmlFor="hypothesis-statement">New hypothesis</Label>
      <textarea
        id="hypothesis-statement"
        rows={2}
        className={TEXTAREA}
        value={statement}
        onChange={(e) => setStatement(e.target.value)}
        placeholder="e.g. The attacker reused credentials phished last week"
      />
      {evidence.length > 0 && (
        <fieldset className="mt-2 max-h-32 overflow-auto text-xs">
          <legend className="mb-1 font-semibold text-muted">Evidence links</legend>
          {evidence.map((ev) => (
            <div key={ev.id} className="flex items-center gap-2 py-0.5">
              <Select
                compact
                aria-label={`Link ${ev.title}`}
                className="h-7 w-28"
                value={links[ev.id] ?? ''}
                onChange={(e) =>
                  setLinks((l) => ({
                    ...l,
                    [ev.id]: (e.target.value || undefined) as 'supporting' | 'refuting' | undefined,
                  }))
                }
              >
                <option value="">not linked</option>
                <option value="supporting">supports</option>
                <option value="refuting">refutes</option>
              </Select>
              <span className="truncate">{ev.title}</span>
            </div>
          ))}
        </fieldset>
      )}
      <div className="mt-2 flex items-end gap-2">
        <div>
          <Label htmlFor="hypothesis-confidence">Confidence</Label>
          <Select
            id="hypothesis-confidence"
            compact
            value={confidence}
            onChange={(e) => setConfidence(Number(e.target.value))}
          >
            {Array.from({ length: 11 }, (_, i) => i * 10).map((c) => (
              <option key={c} value={c}>
                {c}%
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" size="sm" className="ml-auto" disabled={add.isPending || !statement.trim()}>
          Add hypothesis
        </Button>
      </div>
      {add.error && (
        <p role="alert" className="mt-1 text-xs text-danger">
          {errorMessage(add.error)}
        </p>
      )}
    </form>
  );
}
