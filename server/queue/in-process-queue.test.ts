import { eventQueueContract } from './event-queue.contract.ts';
import { InProcessQueue } from './in-process-queue.ts';

eventQueueContract('in-process', async ({ maxPending }) => new InProcessQueue({ maxPending }));
