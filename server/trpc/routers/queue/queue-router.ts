import { z } from 'zod';
import { permission, router } from '../../init.ts';
import type { TrpcServices } from '../../init.ts';
import { AppError } from '../../../errors/app-error.ts';

const idInput = z.object({ id: z.string().min(1).max(200) }).strict();

function deadLetters(services: TrpcServices) {
  const dlq = services.queue.deadLetters;
  if (!dlq)
    throw new AppError(
      'not_implemented',
      'there is no dead-letter queue in embedded mode: a batch that cannot be stored is refused to the shipper',
    );
  return dlq;
}

/** The running queue (Admin → Settings): mode, depth, workers, and the dead-letter queue. */
export const queueRouter = router({
  status: permission('settings:admin').query(({ ctx }) => ctx.services.queue.status()),

  deadLetters: permission('settings:admin')
    .input(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict())
    .query(async ({ ctx, input }) => {
      const dlq = ctx.services.queue.deadLetters;
      if (!dlq) return { count: 0, items: [] };
      const [count, items] = await Promise.all([dlq.count(), dlq.list(input.limit)]);
      return { count, items };
    }),

  requeueDeadLetter: permission('settings:admin', { audit: 'recorded' })
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      const dlq = deadLetters(ctx.services);
      const before = (await dlq.list(500)).find((d) => d.id === input.id);
      if (!before || !(await dlq.requeue(input.id)))
        throw new AppError('not_found', 'no such dead-lettered batch (requeued or discarded already?)');
      await ctx.audit({
        action: 'queue.dead_letter.requeue',
        targetType: 'queue_batch',
        targetId: input.id,
        diff: { events: before.events, firstError: before.firstError },
      });
      return { ok: true };
    }),

  discardDeadLetter: permission('settings:admin', { audit: 'recorded' })
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      const dlq = deadLetters(ctx.services);
      const before = (await dlq.list(500)).find((d) => d.id === input.id);
      if (!before || !(await dlq.discard(input.id)))
        throw new AppError('not_found', 'no such dead-lettered batch (requeued or discarded already?)');
      await ctx.audit({
        action: 'queue.dead_letter.discard',
        targetType: 'queue_batch',
        targetId: input.id,
        diff: { events: before.events, firstError: before.firstError },
      });
      return { ok: true };
    }),
});
