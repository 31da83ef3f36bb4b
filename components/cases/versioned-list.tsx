'use client';

import { useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useState } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { ConflictNotice } from './conflict-notice';
import { useVersionedEdit } from './use-versioned-edit';

type ListField = 'veris' | 'attack' | 'references' | 'contacts';

/**
 * A list field of the case (tags, techniques, references, contacts). Each add/remove saves the
 * whole list on the version it was made from; a collision shows both lists and keeps the user's.
 */
export function VersionedList({
  caseId,
  field,
  label,
  items,
  version,
  canWrite,
  catalog,
  placeholder,
  onSaved,
}: {
  caseId: string;
  field: ListField;
  label: string;
  items: string[];
  version: number;
  canWrite: boolean;
  catalog?: 'attack' | 'veris';
  placeholder?: string;
  onSaved: () => void;
}) {
  const edit = useVersionedEdit(caseId, field, onSaved);
  const [mine, setMine] = useState<string[] | null>(null);
  const [text, setText] = useState('');
  const save = (next: string[], onVersion = version) => {
    setMine(next);
    void edit.save(next, onVersion).then((r) => r === 'updated' && setMine(null));
  };
  const add = (v: string) => {
    const value = v.trim();
    if (!value || items.includes(value)) return;
    setText('');
    save([...items, value]);
  };
  return (
    <div>
      <p className="mb-1 text-xs font-semibold text-muted">{label}</p>
      <ul aria-label={label} className="flex flex-wrap gap-1">
        {items.length === 0 && <li className="text-xs text-muted">None yet.</li>}
        {items.map((i) => (
          <li
            key={i}
            className="inline-flex max-w-full items-center gap-1 rounded-md border border-border bg-panel-2 px-2 py-0.5 text-xs"
          >
            <span className="break-all">{i}</span>
            {canWrite && (
              <button
                type="button"
                aria-label={`Remove ${i}`}
                className="rounded text-muted hover:text-danger"
                disabled={edit.busy}
                onClick={() => save(items.filter((x) => x !== i))}
              >
                <X size={12} />
              </button>
            )}
          </li>
        ))}
      </ul>
      {canWrite &&
        (catalog ? (
          <CatalogPicker catalog={catalog} label={label} exclude={items} onPick={add} />
        ) : (
          <form
            className="mt-1.5 flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              add(text);
            }}
          >
            <Input
              aria-label={`Add to ${label}`}
              className="h-8 text-xs"
              placeholder={placeholder}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <Button type="submit" size="sm" variant="secondary" disabled={!text.trim() || edit.busy}>
              Add
            </Button>
          </form>
        ))}
      {edit.error && (
        <p role="alert" className="mt-1 text-xs text-danger">
          {edit.error}
        </p>
      )}
      {edit.conflict && mine && (
        <ConflictNotice
          what={label.toLowerCase()}
          theirs={(edit.conflict.theirs as string[]).join('\n')}
          mine={mine.join('\n')}
          busy={edit.busy}
          onUseTheirs={() => (edit.clearConflict(), setMine(null))}
          onOverwrite={() => save(mine, edit.conflict!.theirVersion)}
        />
      )}
    </div>
  );
}

/** Search over the bundled ATT&CK / VERIS lists; Enter or a click picks. */
function CatalogPicker({
  catalog,
  label,
  exclude,
  onPick,
}: {
  catalog: 'attack' | 'veris';
  label: string;
  exclude: string[];
  onPick: (id: string) => void;
}) {
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const hits = useQuery({
    ...trpc.cases.catalog.queryOptions({ catalog, q, limit: 8 }),
    enabled: open && q.trim().length > 0,
  });
  const shown = (hits.data ?? []).filter((h) => !exclude.includes(h.id));
  return (
    <div className="relative mt-1.5">
      <Input
        role="combobox"
        aria-expanded={open && shown.length > 0}
        aria-controls={`${catalog}-options`}
        aria-label={`Search ${label}`}
        className="h-8 text-xs"
        placeholder={
          catalog === 'attack' ? 'Search techniques: T1110, brute force…' : 'Search VERIS: hacking, phishing…'
        }
        value={q}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && shown[0]) {
            e.preventDefault();
            onPick(shown[0].id);
            setQ('');
          }
        }}
      />
      {open && q.trim() && (
        <div
          id={`${catalog}-options`}
          role="listbox"
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-border bg-panel p-1 shadow-lg"
        >
          {hits.isPending && <div className="px-2 py-1 text-xs text-muted">Searching…</div>}
          {hits.isSuccess && shown.length === 0 && <div className="px-2 py-1 text-xs text-muted">No match.</div>}
          {shown.map((h) => (
            <div
              key={h.id}
              role="option"
              tabIndex={-1}
              aria-selected={false}
              className="cursor-pointer rounded px-2 py-1 text-xs hover:bg-panel-2"
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(h.id);
                setQ('');
              }}
            >
              <span className="font-mono font-semibold">{h.id}</span> {h.name !== h.id && <span>{h.name}</span>}{' '}
              <span className="text-muted">· {h.group}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
