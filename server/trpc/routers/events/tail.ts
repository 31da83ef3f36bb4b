import { DEFAULT_TAIL_OPTIONS } from '../../../realtime/live-tail.ts';
import { permission } from '../../init.ts';
import { tailInput } from './events.types.ts';
import { parseQ } from './query-input.ts';

/**
 * Live tail over /api/ws: newly stored events matching q, in batches ({events, dropped}) at most
 * every intervalMs and at most maxBatch long, so a browser keeps up at thousands of events/s; when
 * it would fall more than bufferSize behind, the oldest are dropped and counted in `dropped`.
 * The query is parsed when subscribing: a bad one is BAD_REQUEST with its position.
 */
export const tailProcedure = permission('events:read')
  .input(tailInput)
  .subscription(async function* ({ ctx, input, signal }) {
    const query = parseQ(input.q);
    const sub = ctx.services.explorer.tail.subscribe(query, {
      intervalMs: input.intervalMs ?? DEFAULT_TAIL_OPTIONS.intervalMs,
      maxBatch: input.maxBatch ?? DEFAULT_TAIL_OPTIONS.maxBatch,
      bufferSize: input.bufferSize ?? DEFAULT_TAIL_OPTIONS.bufferSize,
    });
    try {
      for (;;) {
        const batch = await sub.next(signal);
        if (!batch) return;
        yield batch;
      }
    } finally {
      sub.close();
    }
  });
