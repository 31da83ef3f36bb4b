import { permission } from '../../init.ts';
import { onTopicInput, TOPIC_PERMISSION } from './changes.types.ts';
import { topicStream } from './topic-stream.ts';

/**
 * Change feed of one topic, for features that publish to the bus (incidents, alerts, …).
 * The gate is the weakest topic permission; the topic's own permission is checked per call.
 */
export const onTopicProcedure = permission('account:self')
  .input(onTopicInput)
  .subscription(async function* ({ ctx, input, signal }) {
    ctx.require(TOPIC_PERMISSION[input.topic]);
    yield* topicStream(ctx.services.bus, input.topic, input.lastEventId, signal);
  });
