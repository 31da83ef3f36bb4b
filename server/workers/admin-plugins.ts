// Admin enrichment plugins: TypeScript (or JavaScript) files an operator deploys in the plugins
// directory (PICKET_PLUGINS_DIR, default <PICKET_DATA_DIR>/plugins), each default-exporting
// definePlugin({...}). Only files directly in the directory are plugins; subdirectories may hold
// helpers they import. Code is read only from that directory, never from the API or the UI.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadTsModule, ModuleLoadError, type ModuleAlias } from '../code-modules/load-ts-module.ts';
import { ENRICHMENT_PLUGIN } from './define-plugin.ts';
import type { EnrichmentPlugin } from './plugin.ts';

const DEFINE_TS = path.join(import.meta.dirname, 'define-plugin.ts');
/** The plugin's import of define-plugin.ts (as "picket/plugin" or by relative path) means ours. */
const ALIASES: ModuleAlias[] = [{ filter: /(^picket\/plugin$)|(workers\/define-plugin(\.ts)?$)/, file: DEFINE_TS }];
const PLUGIN_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(ts|js|mjs)$/;
/** MozDef's default when a plugin sets none. */
export const DEFAULT_PRIORITY = 100;

const specSchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).optional(),
  priority: z.number().finite().default(DEFAULT_PRIORITY),
  registration: z.array(z.string().min(1).max(200)).min(1, 'must name at least one term (or "*")').max(100),
  onEvent: z.custom<EnrichmentPlugin['onEvent']>((v) => typeof v === 'function', 'onEvent must be a function'),
});

export interface AdminPlugin extends EnrichmentPlugin {
  readonly description?: string;
  /** The file name in the plugins directory. */
  readonly file: string;
}

export interface PluginLoadError {
  file: string;
  error: string;
}

export interface AdminPluginsLoad {
  plugins: AdminPlugin[];
  errors: PluginLoadError[];
  /** False when the directory does not exist (no admin plugins, not an error). */
  dirExists: boolean;
}

/**
 * Loads every plugin file of `dir`, in file-name order. A file that does not compile, throws while
 * loading, or exports something else is reported with its error; the others load. `taken` are names
 * already in use (the built-ins): a plugin reusing one is refused, so every name means one plugin.
 */
export async function loadAdminPlugins(dir: string, taken: ReadonlySet<string>): Promise<AdminPluginsLoad> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (entries === null) return { plugins: [], errors: [], dirExists: false };
  const files = entries
    .filter(
      (e) =>
        e.isFile() && PLUGIN_FILE.test(e.name) && !e.name.endsWith('.d.ts') && !/\.test\.(ts|js|mjs)$/.test(e.name),
    )
    .map((e) => e.name)
    .sort();
  const plugins: AdminPlugin[] = [];
  const errors: PluginLoadError[] = [];
  const names = new Set(taken);
  for (const file of files) {
    try {
      const p = await loadOne(dir, file);
      if (names.has(p.name)) throw new Error(`plugin name "${p.name}" is already used by another plugin`);
      names.add(p.name);
      plugins.push(p);
    } catch (err) {
      errors.push({ file, error: (err as Error).message });
    }
  }
  return { plugins, errors, dirExists: true };
}

async function loadOne(dir: string, file: string): Promise<AdminPlugin> {
  let exported: unknown;
  try {
    exported = await loadTsModule(path.join(dir, file), { aliases: ALIASES, tempPrefix: 'picket-plugin-' });
  } catch (err) {
    if (!(err instanceof ModuleLoadError)) throw err;
    throw new Error(`${err.stage === 'compile' ? 'does not compile' : 'failed to load'}: ${err.message}`);
  }
  if (typeof exported !== 'object' || exported === null || !(ENRICHMENT_PLUGIN in exported)) {
    throw new Error('must default-export definePlugin({...})');
  }
  const r = specSchema.safeParse(exported);
  if (!r.success)
    throw new Error(
      r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
    );
  const { name, description, priority, registration, onEvent } = r.data;
  // Bound to the exported object, so a plugin written with methods may use `this`.
  return { name, description, priority, registration, file, onEvent: onEvent.bind(exported) };
}
