import type { ApiTokens } from '../../auth/api-tokens.ts';
import type { EventStore } from '../../store/event-store.ts';
import { eventRoutes } from './events-routes.ts';
import type { RouteDef } from './router.ts';
import { tokenRoutes } from './tokens-routes.ts';

/** Every REST route under /api/v1, each with the permission it needs. */
export function apiRoutes(deps: { store: EventStore; tokens: ApiTokens }): RouteDef[] {
  return [...eventRoutes(deps.store), ...tokenRoutes(deps.tokens)];
}
