'use client';

import { Clock } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input, Label, Select } from '@/components/ui/input';
import { QUICK_RANGES, rangeLabel } from './explorer-url';

const UNITS = [
  ['m', 'minutes'],
  ['h', 'hours'],
  ['d', 'days'],
  ['w', 'weeks'],
] as const;

/** datetime-local wants local time without zone; the URL keeps ISO (UTC). */
function toLocalInput(t: string): string {
  const d = /^\d{4}-/.test(t) ? new Date(t) : null;
  if (!d || Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

/** Quick, relative and absolute ranges; everything it picks goes to the URL as from/to. */
export function TimePicker({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('30');
  const [unit, setUnit] = useState('m');
  const [absFrom, setAbsFrom] = useState(toLocalInput(from));
  const [absTo, setAbsTo] = useState(toLocalInput(to));
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    setAbsFrom(toLocalInput(from) || toLocalInput(new Date(Date.now() - 86_400_000).toISOString()));
    setAbsTo(toLocalInput(to) || toLocalInput(new Date().toISOString()));
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
  }, [open, from, to]);
  const pick = (f: string, t: string) => {
    setOpen(false);
    onChange(f, t);
  };
  return (
    <div ref={box} className="relative">
      <Button
        variant="secondary"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Time range: ${rangeLabel(from, to)}`}
        onClick={() => setOpen(!open)}
      >
        <Clock size={15} />
        <span className="max-w-64 truncate">{rangeLabel(from, to)}</span>
      </Button>
      {open && (
        <div
          role="dialog"
          aria-label="Time range"
          className="absolute right-0 top-11 z-30 w-[420px] rounded-lg border border-border bg-panel p-4 text-sm shadow-2xl"
        >
          <div className="grid grid-cols-2 gap-1">
            {QUICK_RANGES.map((r) => (
              <button
                key={r.label}
                type="button"
                className="rounded px-2 py-1 text-left hover:bg-panel-2 aria-pressed:font-semibold aria-pressed:text-accent"
                aria-pressed={r.from === from && r.to === to}
                onClick={() => pick(r.from, r.to)}
              >
                {r.label}
              </button>
            ))}
          </div>
          <form
            className="mt-3 flex items-end gap-2 border-t border-border pt-3"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number.parseInt(amount, 10);
              if (n > 0) pick(`now-${n}${unit}`, 'now');
            }}
          >
            <div className="w-20">
              <Label htmlFor="rel-amount">Last</Label>
              <Input
                id="rel-amount"
                inputMode="numeric"
                value={amount}
                onChange={(e) => setAmount(e.target.value.replace(/\D/g, ''))}
              />
            </div>
            <div className="flex-1">
              <Label htmlFor="rel-unit">Unit</Label>
              <Select id="rel-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
                {UNITS.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </Select>
            </div>
            <Button type="submit" variant="secondary">
              Apply
            </Button>
          </form>
          <form
            className="mt-3 grid grid-cols-2 gap-2 border-t border-border pt-3"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new Date(absFrom);
              const t = new Date(absTo);
              if (!Number.isNaN(f.getTime()) && !Number.isNaN(t.getTime()) && f < t)
                pick(f.toISOString(), t.toISOString());
            }}
          >
            <div>
              <Label htmlFor="abs-from">From</Label>
              <Input
                id="abs-from"
                type="datetime-local"
                step={1}
                value={absFrom}
                onChange={(e) => setAbsFrom(e.target.value)}
              />
            </div>
            <div>
              <Label htmlFor="abs-to">To</Label>
              <Input
                id="abs-to"
                type="datetime-local"
                step={1}
                value={absTo}
                onChange={(e) => setAbsTo(e.target.value)}
              />
            </div>
            <Button type="submit" variant="secondary" className="col-span-2">
              Apply absolute range
            </Button>
          </form>
        </div>
      )}
    </div>
  );
}
