'use client';

import { useQuery } from '@tanstack/react-query';
import { History, Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { useDebounced } from '@/components/ui/use-debounced';

const HISTORY_KEY = 'picket.explorer.history';
const HISTORY_MAX = 20;

function loadHistory(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}
function remember(q: string): void {
  if (!q.trim()) return;
  const next = [q, ...loadHistory().filter((h) => h !== q)].slice(0, HISTORY_MAX);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(next));
  } catch {
    // private mode / quota: history is a convenience
  }
}

/** The field name being typed at the caret: a run of name characters not following a `:`. */
function tokenAt(text: string, caret: number): { start: number; word: string } | null {
  let start = caret;
  while (start > 0 && /[A-Za-z0-9_@.-]/.test(text[start - 1]!)) start--;
  const word = text.slice(start, caret);
  if (!word || text[start - 1] === ':' || /^(AND|OR|NOT|TO)$/.test(word)) return null;
  return { start, word };
}

interface Option {
  value: string;
  label: string;
  hint?: string;
  kind: 'field' | 'history';
}

/** Lucene query bar: field autocomplete (events.fields), inline syntax errors at their position, history. */
export function QueryBar({ value, onSubmit }: { value: string; onSubmit: (q: string) => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(0);
  const [open, setOpen] = useState<'fields' | 'history' | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(value), [value]);

  const fields = useQuery({ ...trpc.events.fields.queryOptions({ prefix: '', limit: 1000 }), staleTime: 60_000 });
  const debounced = useDebounced(text, 250);
  const validation = useQuery({
    ...trpc.events.validateQuery.queryOptions({ q: debounced }),
    enabled: debounced.trim() !== '',
    staleTime: Infinity,
  });
  const error =
    debounced.trim() && debounced === text && validation.data && !validation.data.valid ? validation.data.error : null;

  const token = tokenAt(text, caret);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the token object is new on every keystroke; only its word matters.
  const options: Option[] = useMemo(() => {
    if (open === 'history') return loadHistory().map((h) => ({ value: h, label: h, kind: 'history' as const }));
    if (open !== 'fields' || !token) return [];
    const w = token.word.toLowerCase();
    return (fields.data?.fields ?? [])
      .filter((f) => f.queryable && f.name.toLowerCase().startsWith(w) && f.name.toLowerCase() !== w)
      .slice(0, 12)
      .map((f) => ({ value: f.name, label: f.name, hint: f.type, kind: 'field' as const }));
  }, [open, token?.word, fields.data]);

  const submit = (q: string) => {
    setOpen(null);
    remember(q);
    onSubmit(q);
  };
  const choose = (o: Option) => {
    if (o.kind === 'history') {
      setText(o.value);
      submit(o.value);
      return;
    }
    if (!token) return;
    const next = text.slice(0, token.start) + o.value + ':' + text.slice(caret);
    const pos = token.start + o.value.length + 1;
    setText(next);
    setOpen(null);
    requestAnimationFrame(() => {
      input.current?.setSelectionRange(pos, pos);
      setCaret(pos);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (options.length > 0) {
      if (e.key === 'ArrowDown') return (e.preventDefault(), setActive((a) => (a + 1) % options.length));
      if (e.key === 'ArrowUp') return (e.preventDefault(), setActive((a) => (a - 1 + options.length) % options.length));
      if (e.key === 'Enter' || (e.key === 'Tab' && open === 'fields'))
        return (e.preventDefault(), choose(options[active]!));
      if (e.key === 'Escape') return (e.preventDefault(), setOpen(null));
    }
    if (e.key === 'ArrowUp' && text === '') return (e.preventDefault(), setActive(0), setOpen('history'));
    if (e.key === 'Enter') {
      e.preventDefault();
      submit(text);
    }
  };

  const listId = 'query-suggestions';
  return (
    <div className="relative flex-1 min-w-0">
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit(text);
        }}
      >
        <div className="relative flex-1 min-w-0">
          <Search size={15} className="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-muted" />
          <input
            ref={input}
            role="combobox"
            aria-label="Query"
            aria-expanded={options.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-invalid={error ? true : undefined}
            aria-activedescendant={options.length > 0 ? `${listId}-${active}` : undefined}
            spellCheck={false}
            autoComplete="off"
            placeholder="Lucene query, e.g. category:authentication AND details.success:false   (↑ for history)"
            className={cn(
              'h-9 w-full rounded-md border bg-bg pl-8 pr-2.5 font-mono text-sm text-fg placeholder:font-sans placeholder:text-muted focus-visible:outline-2 focus-visible:outline-accent',
              error ? 'border-danger' : 'border-border',
            )}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setCaret(e.target.selectionStart ?? e.target.value.length);
              setActive(0);
              setOpen('fields');
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
            onKeyDown={onKeyDown}
            onBlur={() => setTimeout(() => setOpen(null), 150)}
          />
        </div>
        <Button
          variant="secondary"
          aria-label="Query history"
          title="Query history"
          onClick={() => (setActive(0), setOpen(open === 'history' ? null : 'history'), input.current?.focus())}
        >
          <History size={15} />
        </Button>
        <Button type="submit">Search</Button>
      </form>
      {options.length > 0 && (
        <div
          id={listId}
          role="listbox"
          aria-label={open === 'history' ? 'Query history' : 'Fields'}
          className="absolute left-0 right-0 top-10 z-30 max-h-72 overflow-auto rounded-md border border-border bg-panel py-1 text-sm shadow-xl"
        >
          {options.map((o, i) => (
            <div
              key={o.kind + o.value}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={cn(
                'flex cursor-pointer justify-between gap-3 px-3 py-1.5 font-mono',
                i === active ? 'bg-accent/15 text-fg' : 'text-fg hover:bg-panel-2',
              )}
              onMouseDown={(e) => (e.preventDefault(), choose(o))}
            >
              <span className="truncate">{o.label}</span>
              {o.hint && <span className="shrink-0 font-sans text-xs text-muted">{o.hint}</span>}
            </div>
          ))}
        </div>
      )}
      {error && (
        <div
          role="alert"
          className="mt-1.5 rounded-md border border-danger/40 bg-danger/5 px-3 py-2 text-xs text-danger"
        >
          <div>
            Syntax error at line {error.line}, column {error.column}: {error.message}
          </div>
          {error.line === 1 && text.length < 300 && (
            <pre className="mt-1 overflow-x-auto font-mono text-fg" aria-hidden>
              {text + '\n' + ' '.repeat(Math.max(0, error.column - 1)) + '^'}
            </pre>
          )}
        </div>
      )}
    </div>
  );
}
