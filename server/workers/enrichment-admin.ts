import type { DropFilters } from '../drop-filters/drop-filters.ts';
import type { PluginHost, ProcessPlugins } from './plugin-host.ts';
import type { PluginStatusStore } from './plugin-status-store.ts';

/** What Admin → Plugins works with: this process's plugins, every process's reports, the drop filters. */
export interface EnrichmentAdmin {
  host: PluginHost;
  statusStore: PluginStatusStore;
  dropFilters: DropFilters;
}

/** Every process that reported, with this process's live view in place of its last report. */
export async function allProcesses(admin: EnrichmentAdmin): Promise<ProcessPlugins[]> {
  const local = admin.host.status();
  const reported = await admin.statusStore.list(local.processId);
  return [local, ...reported.filter((p) => p.processId !== local.processId)];
}
