import type { Logger } from '../../../logger.ts';
import type { Bus } from '../../../realtime/bus.ts';

/** After commit: tell open explorers to refetch. The change is already durable, so a bus hiccup is logged, not thrown. */
export async function announce(
  ctx: { services: { bus: Bus }; log: Logger },
  id: string,
  version: number,
): Promise<void> {
  await ctx.services.bus
    .publish({ topic: 'savedSearches', id, version })
    .catch((err: Error) => ctx.log.warn({ err: err.message, id }, 'savedSearches change not published'));
}
