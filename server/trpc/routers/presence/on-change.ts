import { PRESENCE_TOPIC } from '../../../realtime/presence.ts';
import { permission } from '../../init.ts';
import { resumeInput } from '../changes/changes.types.ts';
import { topicStream } from '../changes/topic-stream.ts';

/**
 * Presence changes as (presence topic, version): "online" → refetch presence.list, "case:<id>" →
 * presence.room for that case. Resumable via lastEventId.
 */
export const onChangeProcedure = permission('account:self')
  .input(resumeInput)
  .subscription(async function* ({ ctx, input, signal }) {
    yield* topicStream(ctx.services.bus, PRESENCE_TOPIC, input.lastEventId, signal);
  });
