import type { PicketEvent } from '../server/ingest/event.ts';

/**
 * Event number `n` for unit tests: its id, time (n seconds into 2026), summary ("event n") and
 * details.n all follow from n, so the same n makes an equal event; `over` on top.
 */
export function numberedEvent(n: number, over: Partial<PicketEvent> = {}): PicketEvent {
  const ts = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  return {
    id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    utctimestamp: ts,
    receivedtimestamp: ts,
    category: 'test',
    source: 'test',
    hostname: 'h',
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary: `event ${n}`,
    tags: [],
    details: { n },
    ...over,
  };
}
