// The enrichment plugins of one process: the built-ins plus the admin plugins of the plugins
// directory, run by one Enricher. A reload (Admin → Plugins, or plugins.reload) re-reads the
// directory here and is announced on the bus's `plugins` topic, so every other process (every queue
// worker) reloads too; a process skips its own announcements by their id.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';
import { coalescedReload } from '../realtime/coalesced-reload.ts';
import { loadAdminPlugins, type AdminPlugin, type PluginLoadError } from './admin-plugins.ts';
import { Enricher } from './enrich.ts';
import type { EnrichmentPlugin, PluginHealth } from './plugin.ts';

export const PLUGINS_TOPIC = 'plugins';

export interface PluginView {
  name: string;
  description: string;
  origin: 'built-in' | 'admin';
  /** Admin plugins: the file in the plugins directory. */
  file: string | null;
  priority: number;
  registration: string[];
  calls: number;
  errors: number;
  dropped: number;
  failing: boolean;
  lastError: PluginHealth['lastError'];
}

/** What one process runs, as Admin → Plugins shows it. */
export interface ProcessPlugins {
  processId: string;
  /** host, pid and role, e.g. "web1 pid 4242 (worker)". */
  label: string;
  /** null: admin plugins are off (no directory configured). */
  dir: string | null;
  dirExists: boolean;
  loadedAt: string | null;
  /** In run order (priority, then the order given). */
  plugins: PluginView[];
  loadErrors: PluginLoadError[];
}

export interface PluginHostOptions {
  builtIns: EnrichmentPlugin[];
  /** The plugins directory; null turns admin plugins off. */
  dir: string | null;
  log: Logger;
  label: string;
}

export class PluginHost {
  readonly enricher: Enricher;
  readonly processId = randomUUID();
  private admin: AdminPlugin[] = [];
  private loadErrors: PluginLoadError[] = [];
  private dirExists = false;
  private loadedAt: string | null = null;
  private unsubscribe?: () => void;
  private bus?: Bus;
  private announcements = 0;

  constructor(private readonly opts: PluginHostOptions) {
    this.enricher = new Enricher(opts.builtIns, opts.log.child({ component: 'enrich' }));
  }

  /** Listens for reloads other processes announce. */
  attach(bus: Bus): void {
    this.bus = bus;
    this.unsubscribe = bus.subscribe(PLUGINS_TOPIC, (c) => {
      if (c.id !== this.processId) void this.load();
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /**
   * Re-reads the plugins directory and swaps the set between two batches. Never throws: a file that
   * fails is listed in loadErrors. Coalesces: requests during a load cause exactly one more load.
   */
  readonly load = coalescedReload(() => this.loadOnce());

  /** An admin's reload: here, then on every other process. */
  async reload(): Promise<ProcessPlugins> {
    await this.load();
    if (this.bus) {
      try {
        await this.bus.publish({ topic: PLUGINS_TOPIC, id: this.processId, version: ++this.announcements });
      } catch (err) {
        this.opts.log.error(
          { err },
          'announcing a plugin reload failed; other processes keep their plugins until their next start',
        );
      }
    }
    return this.status();
  }

  private async loadOnce(): Promise<void> {
    const { dir, builtIns, log } = this.opts;
    if (dir === null) {
      this.loadedAt = new Date().toISOString();
      return;
    }
    let result: Awaited<ReturnType<typeof loadAdminPlugins>>;
    try {
      result = await loadAdminPlugins(dir, new Set(builtIns.map((p) => p.name)));
    } catch (err) {
      // The directory itself is unreadable: keep what runs and say why.
      this.loadErrors = [{ file: '.', error: `cannot read ${dir}: ${(err as Error).message}` }];
      log.error({ err, dir }, 'reading the plugins directory failed; the plugins already loaded stay in use');
      return;
    }
    this.admin = result.plugins;
    this.loadErrors = result.errors;
    this.dirExists = result.dirExists;
    this.loadedAt = new Date().toISOString();
    this.enricher.setPlugins([...builtIns, ...this.admin]);
    for (const e of result.errors) log.error({ file: e.file, dir, error: e.error }, 'enrichment plugin not loaded');
    if (result.plugins.length || result.errors.length) {
      log.info(
        { dir, loaded: result.plugins.map((p) => `${p.name} (${p.file})`), failed: result.errors.length },
        'admin enrichment plugins loaded',
      );
    }
  }

  status(): ProcessPlugins {
    const adminSet = new Set<EnrichmentPlugin>(this.admin);
    return {
      processId: this.processId,
      label: this.opts.label,
      dir: this.opts.dir,
      dirExists: this.dirExists,
      loadedAt: this.loadedAt,
      loadErrors: this.loadErrors,
      plugins: this.enricher.pluginHealth().map(({ plugin, health }) => {
        const admin = adminSet.has(plugin) ? (plugin as AdminPlugin) : null;
        return {
          name: plugin.name,
          description: descriptionOf(plugin),
          origin: admin ? 'admin' : 'built-in',
          file: admin?.file ?? null,
          priority: plugin.priority,
          registration: [...plugin.registration],
          calls: health.calls,
          errors: health.errors,
          dropped: health.dropped,
          failing: health.failing,
          lastError: health.lastError,
        };
      }),
    };
  }
}

function descriptionOf(p: EnrichmentPlugin): string {
  const d = (p as { description?: unknown }).description;
  return typeof d === 'string' ? d : p.name;
}
