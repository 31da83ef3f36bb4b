'use client';

import { useEffect, useRef } from 'react';

interface Keys {
  enabled: boolean;
  count: number;
  setFocus: (f: (i: number) => number) => void;
  onSelect: () => void;
  onExpand: () => void;
  onAck: () => void;
  onSearch: () => void;
  onHelp: () => void;
}

/** j/k/x/Enter/a/ / /? on the console, ignored while typing in a field or with a modifier held. */
export function useConsoleKeys(keys: Keys): void {
  const ref = useRef(keys);
  useEffect(() => {
    ref.current = keys;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const k = ref.current;
      if (!k.enabled || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (t?.tagName === 'BUTTON' && e.key === 'Enter') return;
      const handlers: Record<string, () => void> = {
        j: () => k.setFocus((i) => Math.min(i + 1, Math.max(0, k.count - 1))),
        k: () => k.setFocus((i) => Math.max(i - 1, 0)),
        x: k.onSelect,
        Enter: k.onExpand,
        a: k.onAck,
        '/': k.onSearch,
        '?': k.onHelp,
      };
      const h = handlers[e.key];
      if (!h) return;
      e.preventDefault();
      h();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
