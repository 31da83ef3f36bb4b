// The EventStore / ExplorerStore contract on every search engine target (engine-targets.ts).
import pino from 'pino';
import { eventStoreContract } from '../event-store.contract.ts';
import { describe, it } from 'vitest';
import { engineTargets } from '../../../test/search-engine-targets.ts';
import { SearchEngineExplorerStore } from './search-engine-explorer-store.ts';

for (const target of engineTargets()) {
  if (target.skip) {
    describe.skip(`EventStore contract: ${target.name} (no Java/Maven here)`, () =>
      it('runs where the node can start', () => undefined));
    continue;
  }
  eventStoreContract(target.name, async () => {
    const { store, done } = await target.open(pino({ level: 'silent' }));
    return { store, explorer: new SearchEngineExplorerStore(store), done };
  });
}
