'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type TextareaHTMLAttributes } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { cn } from '../ui/cn';
import { insertMention, matchPeople, mentionAt, type MentionQuery } from './mention-query';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValueChange: (value: string) => void;
  /** One line: Enter submits the form (when no suggestion list is open). */
  singleLine?: boolean;
};

/**
 * A Markdown text box where typing "@" offers the people who can be mentioned. Keyboard: ↑/↓ move,
 * Enter or Tab insert the handle, Esc closes the list (the text stays as typed).
 */
export function MentionTextarea({ value, onValueChange, singleLine, className, onKeyDown, onBlur, ...rest }: Props) {
  const trpc = useTRPC();
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [at, setAt] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  // Fetched once the user first types "@"; the list rarely changes while a note is written.
  const people = useQuery({ ...trpc.inbox.mentionable.queryOptions(), enabled: at !== null, staleTime: 60_000 });
  const options = useMemo(() => (at && people.data ? matchPeople(people.data, at.query) : []), [at, people.data]);
  const open = at !== null && (options.length > 0 || people.isPending);

  function track(text: string, caret: number) {
    const next = mentionAt(text, caret);
    setAt(next);
    if (next?.query !== at?.query) setActive(0);
  }

  function pick(handle: string) {
    const el = ref.current;
    if (!el || !at) return;
    const r = insertMention(value, el.selectionStart, at, handle);
    onValueChange(r.text);
    setAt(null);
    // After React has written the new value.
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(r.caret, r.caret);
    });
  }

  return (
    <div className="relative">
      <textarea
        {...rest}
        ref={ref}
        rows={singleLine ? 1 : rest.rows}
        value={value}
        className={cn(
          'w-full rounded-md border border-border bg-bg px-2.5 py-2 text-sm text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-accent',
          singleLine && 'h-8 resize-none overflow-hidden py-1 text-xs',
          className,
        )}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          onValueChange(e.target.value);
          track(e.target.value, e.target.selectionStart);
        }}
        onSelect={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={(e) => {
          setAt(null);
          onBlur?.(e);
        }}
        onKeyDown={(e) => {
          if (open && options.length) {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
              return;
            }
            if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
              e.preventDefault();
              pick(options[active].handle);
              return;
            }
          }
          if (open && e.key === 'Escape') {
            // Close the list only; a surrounding dialog stays open.
            e.preventDefault();
            e.stopPropagation();
            setAt(null);
            return;
          }
          if (singleLine && e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
            return;
          }
          onKeyDown?.(e);
        }}
      />
      {open && (
        <div
          id={listId}
          role="listbox"
          aria-label="People to mention"
          className="absolute left-0 top-full z-40 mt-1 max-h-56 w-72 overflow-auto rounded-md border border-border bg-panel p-1 text-sm shadow-xl"
        >
          {people.isPending ? (
            <div className="px-2 py-1 text-xs text-muted">Loading people…</div>
          ) : (
            options.map((p, i) => (
              <div
                key={p.id}
                id={`${listId}-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className={cn(
                  'flex cursor-pointer items-baseline gap-2 rounded px-2 py-1',
                  i === active && 'bg-panel-2',
                )}
                // Keep focus in the text box.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(p.handle);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="font-medium">@{p.handle}</span>
                <span className="truncate text-xs text-muted">{p.name || p.email}</span>
              </div>
            ))
          )}
        </div>
      )}
      {people.isError && at && (
        <p className="mt-1 text-xs text-danger">Could not load people to mention: {people.error.message}</p>
      )}
    </div>
  );
}
