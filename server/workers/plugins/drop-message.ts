import type { DropFilterSet } from '../../drop-filters/drop-filters.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef dropMessage: events matching an admin drop filter (Admin → Plugins → Drop filters) are
// dropped before anything else runs and are never stored. MozDef hard-coded one case (AWS ELB health
// checks by user agent); here that case is the filter migration 0018 creates, which admins may edit,
// disable or delete. Filters are queries, so the plugin registers for every event.
export function createDropMessagePlugin(filters: DropFilterSet): EnrichmentPlugin {
  return {
    name: 'dropMessage',
    description: 'drops events matching an enabled admin drop filter',
    priority: 1,
    registration: ['*'],
    onEvent: (e) => (filters.size > 0 && filters.matches(e) !== undefined ? null : e),
  };
}
