import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef large_strings: GitHub deliveries can carry megabytes of commit messages and pull request
// bodies; summary, details.message, details.cmdline and details.pr_body are cut to 3000 characters
// followed by " ...".

export const MAX_STRING_LENGTH = 3000;

const cut = (s: string) => `${s.slice(0, MAX_STRING_LENGTH)} ...`;

export function truncateLargeStrings(e: PicketEvent): PicketEvent {
  const d = e.details;
  for (const k of ['message', 'cmdline', 'pr_body']) {
    const v = Object.hasOwn(d, k) ? d[k] : undefined;
    if (typeof v === 'string' && v.length > MAX_STRING_LENGTH) d[k] = cut(v);
  }
  if (typeof e.summary === 'string' && e.summary.length > MAX_STRING_LENGTH) e.summary = cut(e.summary);
  return e;
}

export function createLargeStringsPlugin(): EnrichmentPlugin {
  return {
    name: 'large_strings',
    description: 'cuts huge GitHub messages and bodies to 3000 characters',
    priority: 20,
    registration: ['githubeventsqs'],
    onEvent: truncateLargeStrings,
  };
}
