import { busContract } from './bus.contract.ts';
import { InProcessBus } from './in-process-bus.ts';

busContract('in-process', async ({ window }) => new InProcessBus({ window }));
