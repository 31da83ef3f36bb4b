// Runs MozDef plugin test cases kept as data (mozdef-cases/*.json): each case is MozDef's input
// event and the checks its test asserted on the plugin's result. The input goes through Picket's
// real normalization first (MozDef's top-level extras land in details), then through an Enricher
// holding the plugin, so registration is exercised too. Test-only helper.
import { expect } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { normalizeEvent } from '../../ingest/normalize.ts';
import { epochToMs, formatTimestamp, parseTimestamp } from '../../ingest/normalize-timestamp.ts';
import { Enricher } from '../enrich.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

export type Check =
  | { op: 'eq' | 'ne' | 'len'; path: Array<string | number>; value: unknown }
  | { op: 'in' | 'notin' | 'truthy' | 'keys'; path: Array<string | number> }
  | { op: 'defaults' };

export interface MozdefCase {
  name: string;
  input: Record<string, unknown> | null;
  checks: Check[];
}

const SCHEMA = new Set([
  'id',
  'utctimestamp',
  'receivedtimestamp',
  'category',
  'source',
  'hostname',
  'processname',
  'processid',
  'severity',
  'summary',
  'tags',
  'details',
]);
// MozDef-only top-level fields with no Picket counterpart: the ES doc type, the worker's host name,
// the arrival time (set by Picket's ingest, not by a plugin).
const NOT_PORTED = new Set(['type', 'mozdefhostname', 'receivedtimestamp']);

export const NOW = new Date('2026-01-01T00:00:00.000Z');

export function normalizeMozdef(input: Record<string, unknown>): PicketEvent {
  const r = normalizeEvent(structuredClone(input), { now: NOW, retentionDays: 100_000, maxFutureMinutes: 60 });
  if (!r.ok) throw new Error(`normalize refused the case: ${r.error}`);
  return r.event;
}

/** MozDef result path → Picket path: timestamp is utctimestamp, other top-level extras live in details. */
function picketPath(path: Array<string | number>): Array<string | number> | null {
  if (path.length === 0) return path;
  const [head, ...rest] = path;
  if (head === 'timestamp') return ['utctimestamp', ...rest];
  if (typeof head === 'string' && NOT_PORTED.has(head)) return null;
  if (typeof head === 'string' && !SCHEMA.has(head)) return ['details', head, ...rest];
  return path;
}

function at(v: unknown, path: Array<string | number>): { found: boolean; value: unknown } {
  let cur = v;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return { found: false, value: undefined };
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return { found: true, value: cur };
}

/** Marker values the extractor wrote: {$time: epoch} is that instant as Picket writes times. */
function expected(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if ('$time' in o) {
      const t = o.$time;
      return formatTimestamp(typeof t === 'number' ? epochToMs(t) : (parseTimestamp(t, NOW.getTime()) ?? NaN));
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, expected(x)]));
  }
  if (Array.isArray(v)) return v.map(expected);
  return v;
}
const isSkip = (v: unknown) => v !== null && typeof v === 'object' && '$skip' in (v as object);

export interface RunOptions {
  /** MozDef's verify_defaults, in Picket's terms. */
  defaults: (e: PicketEvent) => void;
  /** Which field a MozDef test iterated over: the keys of the JSON carried in MESSAGE. */
  messageKeys?: (input: Record<string, unknown>) => string[];
  /** Call onEvent directly: MozDef's test fed events its registration would not have selected. */
  direct?: boolean;
}

export function runMozdefCase(plugin: EnrichmentPlugin, c: MozdefCase, opts: RunOptions): PicketEvent | null {
  if (c.input === null) throw new Error(`${c.name}: no input`);
  const before = normalizeMozdef(c.input);
  const result = opts.direct
    ? plugin.onEvent(structuredClone(before))
    : (new Enricher([plugin]).enrich([structuredClone(before)])[0] ?? null);
  for (const check of c.checks) {
    if (check.op === 'defaults') {
      expect(result, c.name).not.toBeNull();
      opts.defaults(result as PicketEvent);
      continue;
    }
    const path = picketPath(check.path);
    if (path === null) continue;
    const label = `${c.name}: ${check.op} ${JSON.stringify(check.path)}`;
    const got = at(result, path);
    switch (check.op) {
      case 'eq':
        if (isSkip(check.value)) break;
        if (path.length === 0)
          expect(result, label).toEqual(before); // MozDef: result == event, untouched
        else if (path[0] === 'tags' && typeof check.value === 'string') expect(got.value, label).toContain(check.value);
        else expect(got.value, label).toEqual(expected(check.value));
        break;
      case 'len':
        expect((got.value as { length?: number } | undefined)?.length, label).toBe(check.value);
        break;
      case 'ne':
        expect(got.value, label).not.toEqual(expected(check.value));
        break;
      case 'in': {
        // Python's `x in list` is membership, `k in dict` a key.
        const parent = at(result, path.slice(0, -1)).value;
        if (Array.isArray(parent)) expect(parent, label).toContain(path[path.length - 1]);
        else expect(got.found, label).toBe(true);
        break;
      }
      case 'notin':
        expect(got.found, label).toBe(false);
        break;
      case 'truthy':
        expect(got.value, label).toBeTruthy();
        break;
      case 'keys':
        for (const k of opts.messageKeys?.(c.input) ?? [])
          expect(Object.hasOwn(result?.details ?? {}, k), `${label} ${k}`).toBe(true);
        break;
    }
  }
  return result;
}
