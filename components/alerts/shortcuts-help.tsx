'use client';

import { Keyboard } from 'lucide-react';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';

export const ALERT_SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['j / k', 'next / previous alert'],
  ['x', 'select the alert (for bulk actions)'],
  ['Enter', 'show or hide its events'],
  ['a', 'acknowledge it'],
  ['/', 'search the alerts'],
  ['?', 'this help'],
  ['Ctrl K', 'command palette'],
];

/** The console's keyboard help ("?" opens it too). */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label="Keyboard shortcuts">
          <Keyboard size={14} /> ?
        </Button>
      </DialogTrigger>
      <DialogContent title="Keyboard shortcuts">
        <dl className="grid grid-cols-[6rem_1fr] gap-y-1.5 text-sm">
          {ALERT_SHORTCUTS.map(([k, what]) => (
            <div key={k} className="contents">
              <dt>
                <kbd className="rounded border border-border bg-panel-2 px-1.5 py-0.5 font-mono text-xs">{k}</kbd>
              </dt>
              <dd className="text-muted">{what}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
