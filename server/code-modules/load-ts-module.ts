// Loads an operator-deployed TypeScript file (a code rule, an enrichment plugin): bundled with
// esbuild, with the imports of Picket's authoring helpers pointed at ours, then imported. Code is only
// ever read from a directory the operator controls, never from the API or the UI.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** An import the module may write (by package-like name or relative path) and the file it means. */
export interface ModuleAlias {
  filter: RegExp;
  file: string;
}

export class ModuleLoadError extends Error {
  constructor(
    /** compile: esbuild refused the source; load: importing (running the top level) threw. */
    readonly stage: 'compile' | 'load',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Bundles and imports `file`; returns its default export. `tempPrefix` names the private directory
 * the bundle is imported from (so stack traces name the module). Throws ModuleLoadError.
 */
export async function loadTsModule(
  file: string,
  opts: { aliases: readonly ModuleAlias[]; tempPrefix: string },
): Promise<unknown> {
  const aliasPlugin: Plugin = {
    name: 'picket-authoring-helpers',
    setup(b) {
      for (const a of opts.aliases) b.onResolve({ filter: a.filter }, () => ({ path: a.file }));
    },
  };
  let code: string;
  try {
    const out = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      logLevel: 'silent',
      plugins: [aliasPlugin],
    });
    code = out.outputFiles[0].text;
  } catch (err) {
    const e = err as { errors?: Array<{ text: string; location?: { line: number; column: number } | null }> };
    const first = e.errors?.[0];
    const where = first?.location ? ` (line ${first.location.line}, column ${first.location.column + 1})` : '';
    throw new ModuleLoadError('compile', `${first?.text ?? (err as Error).message}${where}`);
  }
  // Imported from a file named after the module (rather than a data: URL) so stack traces say which
  // module. The file goes into a fresh private directory (0700, a random name from mkdtemp): in the
  // shared temp dir a predictable path could be pre-created or swapped by another local user between
  // write and import. A new directory per load also gives a new URL, which import() needs since it
  // caches by URL.
  const privateDir = await fs.mkdtemp(path.join(os.tmpdir(), opts.tempPrefix));
  try {
    await fs.chmod(privateDir, 0o700);
    const bundle = path.join(privateDir, `${path.basename(file)}.mjs`);
    await fs.writeFile(bundle, code, { flag: 'wx', mode: 0o600 });
    const mod = (await import(pathToFileURL(bundle).href)) as { default?: unknown };
    return mod.default;
  } catch (err) {
    throw new ModuleLoadError('load', (err as Error).message);
  } finally {
    await fs.rm(privateDir, { recursive: true, force: true });
  }
}
