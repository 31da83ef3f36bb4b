// What an admin enrichment plugin imports: `export default definePlugin({...})`. Kept free of other
// imports (types aside) so the loader can bundle it into each plugin module as is.
import type { PicketEvent } from '../ingest/event.ts';

export type { PicketEvent };

export interface PluginSpec {
  /** Unique among all plugins (built-in ones included); shown in Admin → Plugins and /plugins. */
  name: string;
  description?: string;
  /** Lower runs first; MozDef's default is 100. Built-ins run at 1 to 30. */
  priority?: number;
  /**
   * MozDef registration: the plugin sees an event when one of these terms equals a field name
   * (top-level or under details, leaf or dotted path) or a string value of the event, ignoring case.
   * ['*'] = every event.
   */
  registration: string[];
  /**
   * Returns the event (changed in place or a new object) or null to drop it. Synchronous. A throw or
   * a return that is not an event (undefined, a Promise) leaves the event as it was before this
   * plugin and is counted against the plugin.
   */
  onEvent(event: PicketEvent): PicketEvent | null;
}

/** Marks the default export so the loader knows it was built with definePlugin. */
export const ENRICHMENT_PLUGIN = Symbol.for('picket.enrichmentPlugin');

export type DefinedPlugin = PluginSpec & { readonly [ENRICHMENT_PLUGIN]: true };

export function definePlugin(spec: PluginSpec): DefinedPlugin {
  return { ...spec, [ENRICHMENT_PLUGIN]: true };
}
