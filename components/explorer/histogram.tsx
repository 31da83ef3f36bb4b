'use client';

import { useRef, useState } from 'react';

export interface Bar {
  ts: string;
  count: number;
}

const H = 96;

// Built once: a toLocaleString call per bar builds its formatter anew (the options are what the
// no-argument toLocaleString uses, so the text is the same).
let barTimeFormat: Intl.DateTimeFormat | undefined;
let countFormat: Intl.NumberFormat | undefined;
const barTime = () =>
  (barTimeFormat ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }));
const count = () => (countFormat ??= new Intl.NumberFormat());

function tickLabel(ms: number, spanMs: number): string {
  const d = new Date(ms);
  if (spanMs > 3 * 86_400_000) return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  if (spanMs > 86_400_000)
    return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return d.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: spanMs < 600_000 ? '2-digit' : undefined,
  });
}

/**
 * Event counts over time as plain SVG bars; dragging across it selects a range (zoom), which the
 * caller writes into the URL. `onZoom` gets ISO times.
 */
export function Histogram({
  buckets,
  fromMs,
  toMs,
  intervalMs,
  onZoom,
  label = 'Events over time',
}: {
  buckets: Bar[];
  fromMs: number;
  toMs: number;
  intervalMs: number;
  onZoom?: (from: string, to: string) => void;
  label?: string;
}) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const span = Math.max(1, toMs - fromMs);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const total = buckets.reduce((n, b) => n + b.count, 0);
  const W = 1000;
  const x = (ms: number) => ((ms - fromMs) / span) * W;
  const frac = (clientX: number) => {
    const r = svg.current!.getBoundingClientRect();
    return Math.min(1, Math.max(0, (clientX - r.left) / r.width));
  };
  const ticks = Array.from({ length: 6 }, (_, i) => fromMs + (span * i) / 5);

  return (
    <figure className="select-none" aria-label={`${label}: ${total.toLocaleString()} events`}>
      <svg
        ref={svg}
        role="img"
        aria-label={`${label} histogram${onZoom ? ', drag to zoom' : ''}`}
        data-testid="histogram"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className={onZoom ? 'h-24 w-full cursor-crosshair' : 'h-24 w-full'}
        onPointerDown={(e) => {
          if (!onZoom || e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          const f = frac(e.clientX);
          setDrag({ x0: f, x1: f });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, x1: frac(e.clientX) })}
        onPointerUp={(e) => {
          if (!drag || !onZoom) return;
          const a = Math.min(drag.x0, frac(e.clientX));
          const b = Math.max(drag.x0, frac(e.clientX));
          setDrag(null);
          // A click (no real drag) is not a zoom.
          if ((b - a) * svg.current!.getBoundingClientRect().width < 4) return;
          onZoom(new Date(fromMs + a * span).toISOString(), new Date(fromMs + b * span).toISOString());
        }}
      >
        {[0.25, 0.5, 0.75].map((g) => (
          <line
            key={g}
            x1={0}
            x2={W}
            y1={H * g}
            y2={H * g}
            className="stroke-border"
            strokeWidth={1}
            vectorEffect="non-scaling-stroke"
            strokeDasharray="2 4"
          />
        ))}
        {buckets.map((b) => {
          const t = Date.parse(b.ts);
          const h = (b.count / max) * (H - 4);
          const w = Math.max(0.5, (intervalMs / span) * W - 1);
          return (
            <rect key={b.ts} x={x(t)} y={H - h} width={w} height={h} className="fill-accent/80">
              <title>{`${barTime().format(t)}: ${count().format(b.count)}`}</title>
            </rect>
          );
        })}
        {drag && (
          <rect
            x={Math.min(drag.x0, drag.x1) * W}
            y={0}
            width={Math.abs(drag.x1 - drag.x0) * W}
            height={H}
            className="fill-accent/20 stroke-accent"
            vectorEffect="non-scaling-stroke"
          />
        )}
      </svg>
      <div className="mt-1 flex justify-between text-[11px] text-muted tabular-nums" aria-hidden>
        {ticks.map((t) => (
          <span key={t}>{tickLabel(t, span)}</span>
        ))}
      </div>
    </figure>
  );
}
