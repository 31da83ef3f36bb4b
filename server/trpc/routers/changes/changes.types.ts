import { z } from 'zod';
import { REALTIME_TOPICS } from '../../../realtime/bus.ts';
import type { Action } from '../../../auth/permissions.ts';

/** Reading a topic's change feed needs the same permission as reading what it points at. */
export const TOPIC_PERMISSION: Record<(typeof REALTIME_TOPICS)[number], Action> = {
  incidents: 'cases:read',
  investigations: 'cases:read',
  alerts: 'alerts:read',
  watchlist: 'watchlist:read',
  presence: 'account:self',
  savedSearches: 'events:read',
};

/** tRPC's wsLink fills lastEventId in on reconnect; pass it yourself to resume after a restart. */
export const resumeInput = z.object({ lastEventId: z.string().max(200).optional() });

export const onTopicInput = resumeInput.extend({ topic: z.enum(REALTIME_TOPICS) });

/**
 * What subscribers receive: which record changed and its new version — refetch it.
 * `resync: true` (id '*') means changes were missed beyond the bus window: refetch everything.
 */
export interface ChangeRecord {
  topic: string;
  id: string;
  version: number;
  resync?: true;
}
