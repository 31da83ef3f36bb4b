import { InProcessPresenceStore } from './in-process-presence-store.ts';
import { presenceStoreContract } from './presence-store.contract.ts';

// One process: its "peer" is itself (there is no other process to share with).
presenceStoreContract('in-process', async () => {
  const store = new InProcessPresenceStore();
  return { store, peer: async () => store };
});
