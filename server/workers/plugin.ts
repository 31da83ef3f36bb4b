import type { PicketEvent } from '../ingest/event.ts';

// The MozDef mq/plugins contract: a plugin registers for terms, runs in priority order, and may
// modify or drop an event.
export interface EnrichmentPlugin {
  readonly name: string;
  /** One line for Admin → Plugins and /plugins (the name when absent). */
  readonly description?: string;
  /** Lower runs first (MozDef: plugins sorted by priority). Ties keep the order given. */
  readonly priority: number;
  /**
   * MozDef registration: the plugin sees an event when any of these strings equals one of the event's
   * field names (top-level or details.*, dotted or leaf) or string values (case-insensitive).
   * '*' = every event. Terms are computed once per event, before the first non-'*' plugin runs, so a
   * plugin that must see fields an earlier plugin adds (e.g. geoip after sshd) registers '*'.
   */
  readonly registration: readonly string[];
  /**
   * Return the (possibly mutated) event, or null to drop it. Synchronous: the enrich stage is a hot
   * loop and must not yield per event. Throwing is safe: the runner continues with a copy of the event
   * as it was before this plugin.
   */
  onEvent(event: PicketEvent): PicketEvent | null;
}

export interface EnrichStats {
  dropped: number;
  errors: number;
}

export interface EnrichLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** One plugin's record in one process, since it was loaded. */
export interface PluginHealth {
  /** Events the plugin was called with. */
  calls: number;
  /** Throws and bad returns (undefined, a Promise, a non-object). */
  errors: number;
  /** Events the plugin dropped (returned null). */
  dropped: number;
  /** From the first failure until a minute passes without one; logged on each change. */
  failing: boolean;
  lastError: { message: string; at: string; eventId: string } | null;
  failingSince?: number;
  errorsAtFailing?: number;
}
