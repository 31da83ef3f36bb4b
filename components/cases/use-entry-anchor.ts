'use client';

import { useSearchParams } from 'next/navigation';
import { useEffect } from 'react';

type AnchorTab = 'Timeline' | 'Hypotheses' | 'Details' | 'Tasks';

/** Which room tab holds an anchored entry (`?entry=timeline-<id>`, `comment-<id>`, `field-<name>`, `task-<id>`). */
export function anchorTab(entry: string | null): AnchorTab | null {
  if (!entry) return null;
  if (entry.startsWith('timeline-')) return 'Timeline';
  if (entry.startsWith('comment-')) return 'Hypotheses';
  if (entry.startsWith('field-')) return 'Details';
  if (entry.startsWith('task-')) return 'Tasks';
  return null;
}

/**
 * Links from the inbox open the room at one entry: switch to its tab, then scroll it into view and
 * mark it (data-anchored) once it is rendered. A comment in a collapsed discussion is unfolded.
 */
export function useEntryAnchor(ready: boolean, tab: string, setTab: (tab: AnchorTab) => void): void {
  const entry = useSearchParams().get('entry');
  useEffect(() => {
    const t = anchorTab(entry);
    if (t) setTab(t);
    // Only when the link changes: the user may switch tabs afterwards.
  }, [entry]);
  useEffect(() => {
    if (!ready || !entry || anchorTab(entry) !== tab) return;
    const el = document.getElementById(entry);
    if (!el) return;
    el.closest('details')?.setAttribute('open', '');
    el.dataset.anchored = 'true';
    el.scrollIntoView({ block: 'center' });
    const t = setTimeout(() => delete el.dataset.anchored, 4000);
    return () => clearTimeout(t);
  }, [ready, entry, tab]);
}
