import { inboxTopic, tasksTopic } from '../../../inbox/mention-writer.ts';
import { permission } from '../../init.ts';
import { topicStream } from '../changes/topic-stream.ts';
import { onChangeInput, requireInboxOwner } from './inbox.types.ts';

/**
 * Changes to my inbox (notification ids) or to tasks assigned to me (task id + version), resumable
 * via lastEventId. The topic is derived from the caller's own id: nobody can follow another's.
 */
export const onChangeProcedure = permission('account:self')
  .input(onChangeInput)
  .subscription(async function* ({ ctx, input, signal }) {
    const me = requireInboxOwner(ctx.identity);
    if (input.stream === 'tasks') ctx.require('cases:read');
    yield* topicStream(
      ctx.services.bus,
      input.stream === 'inbox' ? inboxTopic(me) : tasksTopic(me),
      input.lastEventId,
      signal,
    );
  });
