'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bookmark, Pin, Save, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Input, Label } from '@/components/ui/input';
import { Empty, ErrorText, Loading } from '@/components/ui/states';
import { rangeLabel, viewHref, type ExplorerView } from './explorer-url';

export function savedSearchHref(s: { query: string; timeFrom: string; timeTo: string; columns: string[] }): string {
  return viewHref({
    q: s.query,
    from: s.timeFrom,
    to: s.timeTo,
    columns: s.columns.length ? s.columns : ['category', 'hostname', 'summary'],
    order: 'desc',
  });
}

/** Save the current view (name, share with team, pin to dashboard). */
export function SaveSearchDialog({
  view,
  open,
  onOpenChange,
}: {
  view: ExplorerView;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [pinned, setPinned] = useState(false);
  const create = useMutation(
    trpc.savedSearches.create.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.savedSearches.list.queryKey() });
        onOpenChange(false);
        setName('');
      },
    }),
  );
  return (
    <Dialog open={open} onOpenChange={(o) => (onOpenChange(o), create.reset())}>
      <DialogContent title="Save search" description="Saves the query, time range and columns.">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({
              name,
              query: view.q,
              timeFrom: view.from,
              timeTo: view.to,
              columns: view.columns,
              shared,
              pinned,
            });
          }}
        >
          <div>
            <Label htmlFor="ss-name">Name</Label>
            <Input
              id="ss-name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoFocus
            />
          </div>
          <p className="truncate rounded bg-panel-2 px-2 py-1 font-mono text-xs" title={view.q}>
            {view.q || '(all events)'} · {rangeLabel(view.from, view.to)}
          </p>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Share with team
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} /> Pin to dashboard
          </label>
          <ErrorText error={create.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending || !name.trim()}>
              <Save size={14} /> Save
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** List / load / pin / delete saved searches (own and shared). */
export function SavedSearchesMenu() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const list = useQuery({ ...trpc.savedSearches.list.queryOptions({ pinnedOnly: false }), enabled: open });
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.savedSearches.list.queryKey() });
  const del = useMutation(trpc.savedSearches.delete.mutationOptions({ onSettled: invalidate }));
  const pin = useMutation(trpc.savedSearches.pin.mutationOptions({ onSettled: invalidate }));
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !box.current?.contains(e.target as Node) && setOpen(false);
    // Escape from anywhere inside the picker (its button or the panel) closes it.
    const onEscape = (e: KeyboardEvent) =>
      e.key === 'Escape' && box.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open]);
  return (
    <div ref={box} className="relative">
      <Button variant="secondary" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)}>
        <Bookmark size={15} /> Saved
      </Button>
      {open && (
        <div
          role="dialog"
          aria-label="Saved searches"
          className="absolute right-0 top-11 z-30 w-96 rounded-lg border border-border bg-panel p-2 text-sm shadow-2xl"
        >
          {list.isPending ? (
            <Loading />
          ) : list.error ? (
            <ErrorText error={list.error} />
          ) : list.data.searches.length === 0 ? (
            <Empty>No saved searches yet.</Empty>
          ) : (
            <ul className="max-h-80 overflow-auto">
              {list.data.searches.map((s) => (
                <li key={s.id} className="flex items-center gap-1 rounded px-2 py-1 hover:bg-panel-2">
                  <Link href={savedSearchHref(s)} className="min-w-0 flex-1" onClick={() => setOpen(false)}>
                    <span className="block truncate font-medium">{s.name}</span>
                    <span className="block truncate font-mono text-xs text-muted">{s.query || '(all events)'}</span>
                  </Link>
                  {s.shared && <span className="text-[10px] text-muted">shared</span>}
                  {s.mine && (
                    <>
                      <button
                        type="button"
                        aria-pressed={s.pinned}
                        aria-label={`${s.pinned ? 'Unpin' : 'Pin'} ${s.name}`}
                        title="Pin to dashboard"
                        className={s.pinned ? 'rounded p-1 text-accent' : 'rounded p-1 text-muted hover:text-fg'}
                        onClick={() => pin.mutate({ id: s.id, version: s.version, pinned: !s.pinned })}
                      >
                        <Pin size={13} />
                      </button>
                      <button
                        type="button"
                        aria-label={`Delete ${s.name}`}
                        className="rounded p-1 text-muted hover:text-danger"
                        onClick={() =>
                          confirm(`Delete saved search "${s.name}"?`) && del.mutate({ id: s.id, version: s.version })
                        }
                      >
                        <Trash2 size={13} />
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <ErrorText error={del.error ?? pin.error} />
        </div>
      )}
    </div>
  );
}
