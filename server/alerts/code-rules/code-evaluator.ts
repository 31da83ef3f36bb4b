// Calls a code rule's evaluate() and checks what it answers, so a module cannot hand the engine
// something it cannot store (an unknown severity, details that are not JSON, events not in the window).
import type { PicketEvent } from '../../ingest/event.ts';
import { SEVERITIES } from '../rule-definition.ts';
import type { LoadedCodeRule } from './code-rule-modules.ts';

/** Details bigger than this (as JSON) are refused: an alert row is not a blob store. */
const MAX_DETAILS_CHARS = 64_000;
const severities = new Set<string>(SEVERITIES);

export interface CodeVerdict {
  /** The window's events the alert takes (never empty). */
  events: PicketEvent[];
  summary?: string;
  severity?: string;
  details?: Record<string, unknown>;
  /** The events stay in the window after the alert. */
  retain?: boolean;
}

export type CodeEvaluator = (groupKey: string, window: readonly PicketEvent[]) => CodeVerdict | null;

/** Throws when the module throws or answers something malformed (the engine counts it as failed). */
export function codeEvaluator(module: LoadedCodeRule, display: (key: string) => string): CodeEvaluator {
  const name = module.module;
  return (groupKey, window) => {
    // A copy: a module that sorts or trims its argument must not reorder the engine's window.
    const r: unknown = module.evaluate({ key: display(groupKey), events: window.slice() });
    if (r === null || r === undefined || r === false) return null;
    if (typeof r !== 'object' || Array.isArray(r)) throw new Error(`${name}: evaluate must return null or an object`);
    const out = r as { events?: unknown; summary?: unknown; severity?: unknown; details?: unknown; retain?: unknown };
    let events = [...window];
    if (out.events !== undefined) {
      if (!Array.isArray(out.events)) throw new Error(`${name}: events must be an array of the window's events`);
      const ids = new Set(out.events.map((e) => (e as { id?: unknown } | null)?.id));
      events = window.filter((e) => ids.has(e.id));
      if (events.length === 0) throw new Error(`${name}: events must be events of the window`);
    }
    const verdict: CodeVerdict = { events };
    if (out.retain === true) verdict.retain = true;
    if (out.summary !== undefined) {
      if (typeof out.summary !== 'string' || out.summary.trim() === '')
        throw new Error(`${name}: summary must be a non-empty string`);
      verdict.summary = out.summary.slice(0, 1000);
    }
    if (out.severity !== undefined) {
      const s = typeof out.severity === 'string' ? out.severity.toUpperCase() : '';
      if (!severities.has(s)) throw new Error(`${name}: severity must be one of ${SEVERITIES.join(', ')}`);
      verdict.severity = s;
    }
    if (out.details !== undefined) {
      if (typeof out.details !== 'object' || out.details === null || Array.isArray(out.details))
        throw new Error(`${name}: details must be an object`);
      const json = JSON.stringify(out.details);
      if (json.length > MAX_DETAILS_CHARS)
        throw new Error(`${name}: details larger than ${MAX_DETAILS_CHARS} characters as JSON`);
      verdict.details = JSON.parse(json) as Record<string, unknown>;
    }
    return verdict;
  };
}
