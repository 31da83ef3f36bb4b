import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { IngestHealthMonitor } from './ingest-health.ts';

function monitor(pending: () => number, newestInStore: string | null) {
  let deliver: (events: PicketEvent[]) => void = () => undefined;
  const m = new IngestHealthMonitor({
    pipelineStats: { batches: 0, stored: 0, dropped: 0, deadLettered: 0, duplicates: 0, lastBatchMs: 0 },
    ingestStats: { accepted: 0, rejected: 0 },
    queue: { pending },
    onStored: (l) => ((deliver = l), () => undefined),
    newestReceivedInStore: async () => newestInStore,
  });
  return { m, stored: (receivedtimestamp: string) => deliver([{ receivedtimestamp } as PicketEvent]) };
}

describe('store lag', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');

  it('is zero on an idle system, however old the newest event is', async () => {
    const { m } = monitor(() => 0, '2026-12-07T09:00:00Z');
    expect((await m.snapshot(now)).storeLagMs).toBe(0);
  });

  it('is how long the events being stored waited while work is queued', async () => {
    let pending = 500;
    const { m, stored } = monitor(() => pending, null);
    expect((await m.snapshot(now)).storeLagMs).toBeNull();
    stored('2026-12-07T09:59:48Z');
    expect((await m.snapshot(now)).storeLagMs).toBe(12_000);
    pending = 0;
    expect((await m.snapshot(now)).storeLagMs).toBe(0);
  });
});
