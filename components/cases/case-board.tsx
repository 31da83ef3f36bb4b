'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { PHASES, type CaseKind, type CaseRecord } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { useQueryClient } from '@tanstack/react-query';
import { Select } from '../ui/input';
import { cn } from '../ui/cn';
import { errorMessage, formatTime, KIND_PATH } from './case-format';
import { SeverityBadge } from './severity-badge';

/**
 * Cases in columns by phase. Moving a card (drag, or the phase menu on the card for keyboards)
 * is a versioned setPhase: a card someone else moved meanwhile is refused, said, and refreshed.
 */
export function CaseBoard({ kind, items, canWrite }: { kind: CaseKind; items: CaseRecord[]; canWrite: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const setPhase = useMutation(trpc.cases.setPhase.mutationOptions());
  const [message, setMessage] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);

  function move(c: CaseRecord, phase: string) {
    if (c.phase === phase) return;
    // Closing asks for a resolution and its summary, and warns about open work: that is the room's dialog.
    if (phase === 'Closed') {
      setMessage(
        `To close “${c.summary}”, open it and choose Closed in Phase: closing needs a resolution and a summary.`,
      );
      return;
    }
    setMessage(null);
    setPhase.mutate(
      { id: c.id, phase, version: c.version },
      {
        onSuccess: (r) => {
          if (r.status === 'conflict')
            setMessage(
              `“${c.summary}” was changed by someone else meanwhile (now in ${r.current.phase}); it was not moved. Try again on the fresh card.`,
            );
          void qc.invalidateQueries({ queryKey: trpc.cases.list.pathKey() });
        },
        onError: (err) => setMessage(errorMessage(err)),
      },
    );
  }

  return (
    <div>
      {message && (
        <p role="alert" className="mb-2 rounded-md border border-amber-500/60 bg-amber-500/10 px-3 py-2 text-sm">
          {message}
        </p>
      )}
      {!canWrite && <p className="mb-2 text-xs text-muted">Read only: your role (viewer) cannot move cards.</p>}
      <div
        data-testid="board"
        className="grid gap-2 overflow-x-auto pb-2"
        style={{ gridTemplateColumns: `repeat(${PHASES[kind].length}, minmax(9rem, 1fr))` }}
      >
        {PHASES[kind].map((phase) => {
          const cards = items.filter((c) => c.phase === phase);
          return (
            <section
              key={phase}
              aria-label={phase}
              data-column={phase}
              onDragOver={(e) => {
                if (!canWrite) return;
                e.preventDefault();
                setOver(phase);
              }}
              onDragLeave={() => setOver((o) => (o === phase ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                setOver(null);
                const c = items.find((i) => i.id === e.dataTransfer.getData('text/plain'));
                if (c) move(c, phase);
              }}
              className={cn(
                'min-h-64 min-w-0 rounded-lg border border-border bg-panel-2/50 p-1.5',
                over === phase && 'border-accent bg-accent/10',
              )}
            >
              <h2 className="mb-2 flex items-center justify-between gap-1 px-1 text-[0.7rem] font-semibold tracking-wide text-muted uppercase">
                {phase} <span className="rounded-full bg-panel px-1.5 text-fg">{cards.length}</span>
              </h2>
              <ul className="space-y-2">
                {cards.map((c) => (
                  <li
                    key={c.id}
                    data-card={c.summary}
                    draggable={canWrite}
                    onDragStart={(e) => e.dataTransfer.setData('text/plain', c.id)}
                    className={cn(
                      'rounded-md border border-border bg-panel p-2 shadow-sm',
                      canWrite && 'cursor-grab active:cursor-grabbing',
                    )}
                  >
                    <Link
                      href={`${KIND_PATH[kind]}/${c.id}`}
                      title={c.summary}
                      className="line-clamp-3 text-[0.8rem] leading-snug font-medium break-words text-fg hover:text-accent hover:underline"
                    >
                      {c.summary}
                    </Link>
                    <div className="mt-1.5">
                      <SeverityBadge severity={c.severity} className="px-1.5 text-[0.65rem]" />
                    </div>
                    <p
                      className="mt-1 truncate text-[0.7rem] text-muted"
                      title={`${c.ownerName ?? 'Unassigned'}, opened ${formatTime(c.openedAt)}`}
                    >
                      {c.ownerName ? c.ownerName.replace(/@.*$/, '') : 'Unassigned'} · {formatTime(c.openedAt).slice(5)}
                    </p>
                    {canWrite && (
                      <Select
                        compact
                        aria-label={`Move ${c.summary}`}
                        className="mt-1.5 h-6 w-full px-1 text-[0.7rem]"
                        value={c.phase}
                        disabled={setPhase.isPending}
                        onChange={(e) => move(c, e.target.value)}
                      >
                        {PHASES[kind].map((p) => (
                          <option key={p} value={p}>
                            {p === c.phase ? 'Move to…' : p}
                          </option>
                        ))}
                      </Select>
                    )}
                  </li>
                ))}
                {cards.length === 0 && <li className="px-1 py-4 text-center text-xs text-muted">Empty</li>}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
