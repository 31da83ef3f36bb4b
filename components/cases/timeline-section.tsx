'use client';

import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { TIMELINE_KINDS, type TimelineEntry } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { Input, Label, Select } from '../ui/input';
import { cn } from '../ui/cn';
import { Empty } from '../ui/states';
import { authorLabel, errorMessage, formatTime, fromLocalInput, toLocalInput } from './case-format';
import { ReadOnlyNote } from './conflict-notice';
import { MarkdownText } from './markdown-text';
import { MentionTextarea } from '../inbox/mention-textarea';

const KIND_STYLE: Record<TimelineEntry['kind'], string> = {
  note: 'bg-panel-2 text-muted',
  action: 'bg-sky-500/15 text-sky-700 dark:text-sky-300',
  finding: 'bg-amber-500/15 text-amber-800 dark:text-amber-300',
  communication: 'bg-violet-500/15 text-violet-700 dark:text-violet-300',
};

/** Entries by when things happened (occurredAt, newest first unless switched), attributed; text is shown as text, line breaks kept. */
export function TimelineSection({
  caseId,
  entries,
  canWrite,
  refresh,
  onTyping,
}: {
  caseId: string;
  entries: TimelineEntry[];
  canWrite: boolean;
  refresh: () => void;
  onTyping: (where: string) => void;
}) {
  const [kind, setKind] = useState<'' | TimelineEntry['kind']>('');
  const [q, setQ] = useState('');
  // Newest first by default, so what just came in (the responder's own note) is in view; oldest
  // first reads as the story for the review.
  const [newestFirst, setNewestFirst] = useState(true);
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const hits = entries.filter(
      (e) =>
        (!kind || e.kind === kind) &&
        (!needle || e.text.toLowerCase().includes(needle) || e.author.toLowerCase().includes(needle)),
    );
    return newestFirst ? hits.reverse() : hits;
  }, [entries, kind, q, newestFirst]);

  return (
    <section aria-labelledby="timeline-heading" className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <h2 id="timeline-heading" className="sr-only">
        Timeline
      </h2>
      <div className="order-last lg:sticky lg:top-4 lg:order-none lg:col-start-2 lg:row-start-1">
        {canWrite ? (
          <AddEntry caseId={caseId} refresh={refresh} onTyping={() => onTyping('Timeline')} />
        ) : (
          <ReadOnlyNote />
        )}
      </div>
      <div className="min-w-0 space-y-2 lg:col-start-1 lg:row-start-1">
        <div className="flex flex-wrap items-end gap-2">
          <p className="mr-auto self-center text-xs text-muted">
            {shown.length === entries.length
              ? `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, by when they happened`
              : `${shown.length} of ${entries.length} entries`}
          </p>
          <div>
            <Label htmlFor="timeline-order">Order</Label>
            <Select
              id="timeline-order"
              compact
              value={newestFirst ? 'newest' : 'oldest'}
              onChange={(e) => setNewestFirst(e.target.value === 'newest')}
            >
              <option value="oldest">Oldest first</option>
              <option value="newest">Newest first</option>
            </Select>
          </div>
          <div>
            <Label htmlFor="timeline-kind-filter">Show kind</Label>
            <Select
              id="timeline-kind-filter"
              compact
              value={kind}
              onChange={(e) => setKind(e.target.value as typeof kind)}
            >
              <option value="">All kinds</option>
              {TIMELINE_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </Select>
          </div>
          <div className="w-44">
            <Label htmlFor="timeline-search">Search timeline</Label>
            <Input
              id="timeline-search"
              className="h-8 text-xs"
              type="search"
              placeholder="text or author"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
        </div>
        {entries.length === 0 ? (
          <Empty>Nothing on the timeline yet.</Empty>
        ) : shown.length === 0 ? (
          <Empty>No entries match the filter.</Empty>
        ) : (
          <ol data-testid="timeline" className="relative space-y-0 border-l border-border pl-4">
            {shown.map((e) => (
              <li
                key={e.id}
                id={`timeline-${e.id}`}
                data-entry-kind={e.kind}
                className="relative scroll-mt-24 rounded py-2 data-[anchored=true]:bg-accent/10"
              >
                <span
                  aria-hidden
                  className={cn(
                    'absolute -left-[21px] top-3.5 size-2.5 rounded-full border-2 border-bg',
                    e.kind === 'finding'
                      ? 'bg-amber-500'
                      : e.kind === 'action'
                        ? 'bg-sky-500'
                        : e.kind === 'communication'
                          ? 'bg-violet-500'
                          : 'bg-muted',
                  )}
                />
                <div className="flex flex-wrap items-baseline gap-x-2 text-xs text-muted">
                  <time
                    dateTime={e.occurredAt}
                    title={`written ${formatTime(e.createdAt)}`}
                    className="font-mono font-medium text-fg"
                  >
                    {formatTime(e.occurredAt)}
                  </time>
                  <span className={cn('rounded px-1.5 py-px font-medium', KIND_STYLE[e.kind])}>{e.kind}</span>
                  <span>{authorLabel(e.author)}</span>
                  {e.eventId && <span className="rounded border border-border px-1">event</span>}
                </div>
                <MarkdownText text={e.text} className="mt-0.5 text-sm" />
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function AddEntry({ caseId, refresh, onTyping }: { caseId: string; refresh: () => void; onTyping: () => void }) {
  const trpc = useTRPC();
  const add = useMutation(trpc.cases.addTimelineEntry.mutationOptions());
  const [text, setText] = useState('');
  const [kind, setKind] = useState<TimelineEntry['kind']>('note');
  // Empty means "now" at the moment of saving, so a form left open does not backdate entries.
  const [when, setWhen] = useState('');
  return (
    <form
      aria-label="Add timeline entry"
      className="rounded-lg border border-border bg-panel p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        const occurredAt = fromLocalInput(when) ?? undefined;
        add.mutate(
          { caseId, text, kind, occurredAt },
          {
            onSuccess: () => {
              setText('');
              setWhen('');
              refresh();
            },
          },
        );
      }}
    >
      <Label htmlFor="timeline-text">New timeline entry</Label>
      <MentionTextarea
        id="timeline-text"
        rows={4}
        placeholder="What happened, what was done, who was told… (@ to mention)"
        value={text}
        onValueChange={(v) => {
          setText(v);
          onTyping();
        }}
      />
      <div className="mt-2 grid gap-2">
        <div>
          <Label htmlFor="timeline-kind">Kind</Label>
          <Select
            id="timeline-kind"
            compact
            className="w-full"
            value={kind}
            onChange={(e) => setKind(e.target.value as TimelineEntry['kind'])}
          >
            {TIMELINE_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="timeline-when">When it happened</Label>
          <Input
            id="timeline-when"
            type="datetime-local"
            className="h-8 w-full text-xs"
            value={when}
            max={toLocalInput()}
            onChange={(e) => setWhen(e.target.value)}
          />
          <p className="mt-0.5 text-[0.7rem] text-muted">{when ? 'Backdated entry' : 'Empty: now, when you add it'}</p>
        </div>
        <Button type="submit" size="sm" className="w-full" disabled={add.isPending || !text.trim()}>
          Add entry
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
