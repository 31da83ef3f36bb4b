'use client';

import { useSyncExternalStore } from 'react';

// Shows ⌘K on Macs and Ctrl K elsewhere; the server renders the neutral form.
export function PaletteHint() {
  const mac = useSyncExternalStore(
    () => () => undefined,
    () => /Mac|iPhone|iPad/.test(navigator.platform),
    () => false,
  );
  return (
    <p className="whitespace-nowrap text-xs text-muted">
      <kbd className="rounded border border-border px-1 py-0.5 font-mono">{mac ? '⌘' : 'Ctrl'} K</kbd> commands
    </p>
  );
}
