import { tracked, type TrackedEnvelope } from '@trpc/server';
import { type Bus, decodeCursor, encodeCursor, followTopic } from '../../../realtime/bus.ts';
import type { ChangeRecord } from './changes.types.ts';

/** A bus topic as a resumable tRPC subscription: every item carries its cursor as the event id. */
export async function* topicStream(
  bus: Bus,
  topic: string,
  lastEventId: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<TrackedEnvelope<ChangeRecord>> {
  for await (const item of followTopic(bus, topic, decodeCursor(bus.epoch, lastEventId), signal)) {
    if (item.kind === 'resync') {
      yield tracked(encodeCursor(bus.epoch, item.head), { topic, id: '*', version: 0, resync: true });
    } else {
      const { id, version, seq } = item.change;
      yield tracked(encodeCursor(bus.epoch, seq), { topic, id, version });
    }
  }
}
