'use client';

import { useState } from 'react';
import { useLiveTopic, type LiveChange } from './use-live-topic';

/**
 * Test probe (mounted under the incidents list only when PICKET_DEV_PROBES is on): every change received
 * on the incidents topic, in order, so a browser test can check "all of them, exactly once".
 */
export function RealtimeProbe() {
  const [changes, setChanges] = useState<LiveChange[]>([]);
  const state = useLiveTopic('incidents', (c) => setChanges((all) => [...all, c]));
  return (
    <div data-topic-state={state}>
      <h1 className="mb-2 text-xl font-semibold">Realtime probe</h1>
      <p className="mb-2 text-sm text-muted">
        Changes received on <code>incidents</code>: <span data-testid="change-count">{changes.length}</span>
      </p>
      <ol data-testid="changes" className="font-mono text-sm">
        {changes.map((c) => (
          <li key={c.cursor}>{c.resync ? 'resync' : `${c.id}@${c.version}`}</li>
        ))}
      </ol>
    </div>
  );
}
