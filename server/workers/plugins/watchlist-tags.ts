import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// Hook for the watchlist feature: it supplies a matcher, this plugin turns matches into event tags.
export interface WatchlistMatcher {
  /** Tags to add to the event; [] when nothing matches. Called for every event, so keep it cheap. */
  match(event: PicketEvent): string[];
}

export const emptyWatchlist: WatchlistMatcher = { match: () => [] };

export function createWatchlistTagsPlugin(matcher: WatchlistMatcher = emptyWatchlist): EnrichmentPlugin {
  return {
    name: 'watchlist-tags',
    priority: 30,
    registration: ['*'],
    onEvent(event: PicketEvent): PicketEvent {
      const add = matcher.match(event);
      if (add.length === 0) return event;
      const tags = event.tags;
      // includes() over a handful of tags beats building a Set per event.
      for (const tag of add) if (typeof tag === 'string' && tag !== '' && !tags.includes(tag)) tags.push(tag);
      return event;
    },
  };
}
