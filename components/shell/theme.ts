'use client';

import { useCallback, useSyncExternalStore } from 'react';

export type Theme = 'dark' | 'light' | 'system';
export const THEMES: readonly Theme[] = ['dark', 'light', 'system'];
export const THEME_COOKIE = 'picket-theme';
const KEY = 'picket-theme';

export function isTheme(v: unknown): v is Theme {
  return v === 'dark' || v === 'light' || v === 'system';
}

function current(): Theme {
  const cls = document.documentElement.classList;
  return cls.contains('dark') ? 'dark' : cls.contains('light') ? 'light' : 'system';
}

const listeners = new Set<() => void>();

/**
 * Persists in localStorage (the preference) and a cookie (so the server renders the right class
 * on <html> at first paint: no flash, no inline script), then swaps the class in place.
 */
export function applyTheme(theme: Theme): void {
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Private mode may refuse storage; the cookie still carries the choice.
  }
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
  const cls = document.documentElement.classList;
  cls.remove(...THEMES);
  cls.add(theme);
  for (const l of listeners) l();
}

/** Whether the page currently looks dark (resolves "system" against the OS). */
export function looksDark(): boolean {
  const t = current();
  return t === 'dark' || (t === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
}

export function useTheme(): [Theme, (t: Theme) => void, () => void] {
  const theme = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    current,
    () => 'system' as Theme,
  );
  const toggle = useCallback(() => applyTheme(looksDark() ? 'light' : 'dark'), []);
  return [theme, applyTheme, toggle];
}

/** If the cookie was lost but localStorage kept the choice, restore it (runs once on mount). */
export function syncStoredTheme(): void {
  try {
    const stored = localStorage.getItem(KEY);
    if (isTheme(stored) && stored !== current()) applyTheme(stored);
  } catch {
    // Storage unavailable: the cookie-rendered class stands.
  }
}
