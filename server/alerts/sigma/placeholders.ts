// Sigma placeholders (`field|expand: '%Administrators%'`): the values each name stands for. They are
// deployment configuration, read from one YAML file at start (PICKET_SIGMA_PLACEHOLDERS, default
// <PICKET_DATA_DIR>/sigma-placeholders.yml) like code rules and plugins: every process of a
// cluster compiles rules synchronously (validation, engine, back-tests) and must expand a name the
// same way, and a change takes effect, for every rule at once, on restart. The names and values in
// force are listed by tRPC `rules.sigmaPlaceholders`.
import fs from 'node:fs';
import { parse } from 'yaml';
import { SigmaError } from './sigma-error.ts';

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_NAMES = 500;
const MAX_VALUES = 1000;
/** One value with several placeholders expands to every combination, up to this many. */
const MAX_EXPANSIONS = 1000;

let current: ReadonlyMap<string, readonly string[]> = new Map();
let generation = 0;

/** name → values, checked: a text or list of texts per name (numbers are read as their text). */
export function parsePlaceholders(text: string, source: string): Map<string, string[]> {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new Error(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const out = new Map<string, string[]>();
  if (doc === null || doc === undefined) return out;
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(`${source}: must map placeholder names to values (Administrators: [root, admin])`);
  const entries = Object.entries(doc as Record<string, unknown>);
  if (entries.length > MAX_NAMES) throw new Error(`${source}: more than ${MAX_NAMES} placeholders`);
  for (const [name, v] of entries) {
    if (!NAME.test(name))
      throw new Error(`${source}: placeholder name "${name}" must be letters, digits, _ . - (without the % signs)`);
    const list = Array.isArray(v) ? v : [v];
    if (
      list.length === 0 ||
      list.length > MAX_VALUES ||
      !list.every((x) => typeof x === 'string' || typeof x === 'number')
    ) {
      throw new Error(
        `${source}: placeholder "${name}" needs a value or a list of 1 to ${MAX_VALUES} values (text or numbers)`,
      );
    }
    out.set(name, list.map(String));
  }
  return out;
}

/** The file's placeholders; a file that does not exist defines none. */
export function loadPlaceholderFile(file: string): Map<string, string[]> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  return parsePlaceholders(text, file);
}

/** Replaces the placeholders rules compile against (at start; tests). */
export function setSigmaPlaceholders(map: ReadonlyMap<string, readonly string[]>): void {
  current = new Map(map);
  generation++;
}

export function sigmaPlaceholders(): ReadonlyMap<string, readonly string[]> {
  return current;
}

/** Changes whenever the placeholders do: compiled rules cached before are stale. */
export function placeholderGeneration(): number {
  return generation;
}

/**
 * The values of an `|expand` value: each `%name%` replaced by each of the name's values (every
 * combination when there are several); `\%` is a plain percent sign. A name with no values defined
 * refuses the rule, naming it (the specification: a tool that cannot fill a placeholder rejects it).
 */
export function expandPlaceholders(value: string, key: string): string[] {
  let out = [''];
  let i = 0;
  while (i < value.length) {
    if (value[i] === '\\' && value[i + 1] === '%') {
      out = out.map((o) => `${o}%`);
      i += 2;
      continue;
    }
    if (value[i] === '%') {
      const end = value.indexOf('%', i + 1);
      if (end < 0)
        throw new SigmaError(`Sigma: "${key}" has a % without its closing % (write \\% for a plain percent sign)`);
      const name = value.slice(i + 1, end);
      const values = current.get(name);
      if (!values) {
        const known = [...current.keys()];
        throw new SigmaError(
          `Sigma: the placeholder %${name}% in "${key}" is not defined (${known.length ? `defined: ${known.slice(0, 20).join(', ')}` : 'none is defined'}); an administrator defines placeholder values in the Sigma placeholders file (docs/rules.md)`,
        );
      }
      if (out.length * values.length > MAX_EXPANSIONS)
        throw new SigmaError(`Sigma: "${key}" expands to more than ${MAX_EXPANSIONS} values`);
      out = out.flatMap((o) => values.map((v) => o + v));
      i = end + 1;
      continue;
    }
    const ch = value[i];
    out = out.map((o) => o + ch);
    i++;
  }
  return out;
}
