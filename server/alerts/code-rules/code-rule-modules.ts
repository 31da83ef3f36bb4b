// Code rules are TypeScript files an operator deploys in the code rules directory
// (PICKET_CODE_RULES_DIR, default <PICKET_DATA_DIR>/rules); rule records only name the file. Code is
// never taken from the API or the UI: that would hand remote code execution to anyone allowed to edit
// rules. A module is bundled and imported by server/code-modules/load-ts-module.ts (its import of
// define.ts resolves to ours); loads are cached by file modification time, so a changed file is
// picked up by the next save or reload of a rule using it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseQuery, QuerySyntaxError } from '../../store/query/index.ts';
import { normalizeField } from '../../store/query/fields.ts';
import { durationMs, MODULE_NAME, SEVERITIES } from '../rule-definition.ts';
import { CODE_RULE, type CodeRuleSpec } from './define.ts';
import { loadTsModule, ModuleLoadError, type ModuleAlias } from '../../code-modules/load-ts-module.ts';
import { AppError } from '../../errors/app-error.ts';

const DEFINE_TS = path.join(import.meta.dirname, 'define.ts');
/**
 * Modules shipped with Picket (the catalogue's code rules). A file of the same name in the code rules
 * directory wins, so an operator changes a shipped rule's settings by copying its module there.
 */
export const BUILTIN_CODE_RULES_DIR = path.join(import.meta.dirname, '..', 'catalogue', 'modules');

export class CodeRuleError extends AppError<'bad_request'> {
  constructor(message: string) {
    super('bad_request', message);
  }
}

const specSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  query: z.string().superRefine((q, ctx) => {
    try {
      parseQuery(q);
    } catch (err) {
      if (!(err instanceof QuerySyntaxError)) throw err;
      ctx.addIssue({ code: 'custom', message: `invalid query: ${err.message}` });
    }
  }),
  groupBy: z
    .array(
      z
        .string()
        .superRefine(
          (f, ctx) =>
            void ('error' in normalizeField(f) && ctx.addIssue({ code: 'custom', message: `cannot group by "${f}"` })),
        ),
    )
    .max(5)
    .default([]),
  window: z.string().refine((w) => {
    const ms = durationMs(w);
    return ms !== null && ms >= 1000 && ms <= 7 * 86_400_000;
  }, 'must be a duration like "30s", "2m", "1h" or "1d" between 1s and 7d'),
  severity: z.enum(SEVERITIES),
  category: z.string().trim().min(1).max(100),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  summary: z.string().min(1).max(1000),
  evaluate: z.custom<CodeRuleSpec['evaluate']>((v) => typeof v === 'function', 'evaluate must be a function'),
});

export type LoadedCodeRule = z.infer<typeof specSchema> & { module: string; source: string };

/** The rule's import of define.ts (by relative path or as "picket/code-rule") means ours. */
const DEFINE_ALIASES: ModuleAlias[] = [
  { filter: /(^picket\/code-rule$)|(code-rules\/define(\.ts)?$)/, file: DEFINE_TS },
];

export class CodeRuleModules {
  private readonly cache = new Map<string, { file: string; mtimeMs: number; size: number; rule: LoadedCodeRule }>();

  constructor(
    readonly dir: string,
    readonly builtinDir: string = BUILTIN_CODE_RULES_DIR,
  ) {}

  /** The operator's file, else the shipped one of that name; null when neither exists. */
  private async locate(module: string): Promise<{ file: string; mtimeMs: number; size: number } | null> {
    for (const dir of [this.dir, this.builtinDir]) {
      const file = path.join(dir, module);
      const stat = await fs.stat(file).catch(() => null);
      if (stat?.isFile()) return { file, mtimeMs: stat.mtimeMs, size: stat.size };
    }
    return null;
  }

  /** Loads (or returns the cached) module; throws CodeRuleError naming the file and what is wrong. */
  async load(module: string): Promise<LoadedCodeRule> {
    if (!MODULE_NAME.test(module))
      throw new CodeRuleError(`code rule module "${module}": must be a file name ending in .ts (no directories)`);
    const stat = await this.locate(module);
    if (!stat) throw new CodeRuleError(`code rule module "${module}" not found in ${this.dir}`);
    const file = stat.file;
    const hit = this.cache.get(module);
    if (hit && hit.file === file && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.rule;
    const source = await fs.readFile(file, 'utf8');
    const rule = { ...(await this.compile(module, file)), module, source };
    this.cache.set(module, { file, mtimeMs: stat.mtimeMs, size: stat.size, rule });
    return rule;
  }

  /** The loaded module of a code rule (undefined for other types); throws CodeRuleError. */
  async forRule(def: { type: string; module?: string }): Promise<LoadedCodeRule | undefined> {
    return def.type === 'code' ? this.load(def.module ?? '') : undefined;
  }

  /**
   * Rule JSON as sent (before parseRuleDefinition): for a code rule, loads its module (so a missing
   * or broken one is refused when saving) and fills name, description, severity, category, tags
   * and summary from it where the JSON does not give them. Other JSON is returned as is.
   */
  async prepare(input: unknown): Promise<unknown> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const raw = input as Record<string, unknown>;
    if (raw.type !== 'code' || typeof raw.module !== 'string' || !MODULE_NAME.test(raw.module)) return input;
    // A saved rule sent back whole (e.g. to disable it) needs nothing from its module, which may be gone.
    if (['name', 'category', 'summary'].every((k) => typeof raw[k] === 'string')) return input;
    const m = await this.load(raw.module);
    const filled: Record<string, unknown> = {
      name: m.name,
      severity: m.severity,
      category: m.category,
      tags: m.tags,
      summary: m.summary,
    };
    if (m.description !== undefined) filled.description = m.description;
    return { ...filled, ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) };
  }

  private async compile(module: string, file: string): Promise<z.infer<typeof specSchema>> {
    let exported: unknown;
    try {
      exported = await loadTsModule(file, { aliases: DEFINE_ALIASES, tempPrefix: 'picket-code-rule-' });
    } catch (err) {
      if (!(err instanceof ModuleLoadError)) throw err;
      throw new CodeRuleError(
        `code rule module "${module}" ${err.stage === 'compile' ? 'does not compile' : 'failed to load'}: ${err.message}`,
      );
    }
    if (typeof exported !== 'object' || exported === null || !(CODE_RULE in exported)) {
      throw new CodeRuleError(`code rule module "${module}" must default-export defineCodeRule({...})`);
    }
    const r = specSchema.safeParse(exported);
    if (!r.success) {
      const why = r.error.issues
        .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; ');
      throw new CodeRuleError(`code rule module "${module}": ${why}`);
    }
    return r.data;
  }
}
