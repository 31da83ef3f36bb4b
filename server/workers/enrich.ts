import type { PicketEvent } from '../ingest/event.ts';
import { retimeEventId } from '../ingest/event-id.ts';
import type { EnrichLogger, EnrichmentPlugin, EnrichStats, PluginHealth } from './plugin.ts';

export type { EnrichLogger, EnrichmentPlugin, EnrichStats, PluginHealth } from './plugin.ts';

// A failing plugin counts as recovered once it has run this long without failing.
const RECOVER_MS = 60_000;
// Pathological nesting costs time on every event; real shipper payloads stay far shallower.
const MAX_DEPTH = 8;
// Every PicketEvent has these, so registering for one of them is the same as '*'.
const TOP_LEVEL_FIELDS = [
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
];
const MAX_ERROR_TEXT = 2000;

const noLog: EnrichLogger = { warn() {} };

/**
 * Runs plugins over batches of events (MozDef esworker sendEventToPlugins). Registration terms are
 * matched through one term → plugin-index map: an event is walked once, each name/value is looked up,
 * and no per-event term set is allocated. The plugin set can be replaced between batches (an admin
 * reload); each plugin's health (calls, errors, the last error) follows the plugin object.
 */
export class Enricher {
  readonly stats: EnrichStats = { dropped: 0, errors: 0 };
  plugins: readonly EnrichmentPlugin[] = [];
  private everyEvent: boolean[] = [];
  private terms = new Map<string, number[]>();
  private needsTerms = false;
  private hasDotted = false;
  private minLen = Infinity;
  private maxLen = 0;
  // seen[i] === gen means plugin i matched the current event: no clearing between events.
  private seen = new Uint32Array(0);
  private gen = 0;
  private health: PluginHealth[] = [];
  private readonly healthOf = new WeakMap<EnrichmentPlugin, PluginHealth>();
  private readonly snapshot = new Snapshot();

  constructor(
    plugins: EnrichmentPlugin[],
    private readonly log: EnrichLogger = noLog,
  ) {
    this.setPlugins(plugins);
  }

  /** Replaces the plugin set (effective from the next enrich call). Plugins kept keep their health. */
  setPlugins(plugins: readonly EnrichmentPlugin[]): void {
    // Array sort is stable, so equal priorities keep the caller's order.
    const sorted = [...plugins].sort((a, b) => a.priority - b.priority);
    const everyEvent: boolean[] = [];
    const terms = new Map<string, number[]>();
    let minLen = Infinity;
    let maxLen = 0;
    let hasDotted = false;
    sorted.forEach((p, i) => {
      const lowered = p.registration.map((t) => t.toLowerCase());
      const all = lowered.includes('*') || lowered.some((t) => TOP_LEVEL_FIELDS.includes(t));
      everyEvent.push(all);
      if (all) return;
      for (let term of lowered) {
        // 'details.x.y' and 'x.y' both name the same path: paths are tracked relative to details.
        if (term.startsWith('details.')) term = term.slice(8);
        if (term === '') continue;
        if (term.includes('.')) hasDotted = true;
        minLen = Math.min(minLen, term.length);
        maxLen = Math.max(maxLen, term.length);
        const list = terms.get(term);
        if (!list) terms.set(term, [i]);
        else if (!list.includes(i)) list.push(i);
      }
    });
    this.plugins = sorted;
    this.everyEvent = everyEvent;
    this.terms = terms;
    this.needsTerms = terms.size > 0;
    this.hasDotted = hasDotted;
    this.minLen = minLen;
    this.maxLen = maxLen;
    this.seen = new Uint32Array(sorted.length);
    this.gen = 0;
    this.health = sorted.map((p) => {
      let h = this.healthOf.get(p);
      if (!h) this.healthOf.set(p, (h = { calls: 0, errors: 0, dropped: 0, failing: false, lastError: null }));
      return h;
    });
  }

  /** Each plugin's counters, in run order. */
  pluginHealth(): Array<{ plugin: EnrichmentPlugin; health: Readonly<PluginHealth> }> {
    return this.plugins.map((plugin, i) => ({ plugin, health: this.health[i] }));
  }

  /** Returns the surviving events, in input order. Never throws because of a plugin. */
  enrich(events: PicketEvent[]): PicketEvent[] {
    const out: PicketEvent[] = [];
    const plugins = this.plugins;
    const n = plugins.length;
    for (let k = 0; k < events.length; k++) {
      let ev: PicketEvent | null = events[k];
      let termsReady = false;
      if (this.gen === 0xffffffff) {
        this.seen.fill(0);
        this.gen = 0;
      }
      const gen = ++this.gen;
      for (let i = 0; i < n; i++) {
        if (!this.everyEvent[i]) {
          if (!this.needsTerms) continue;
          // Lazily, and once: later plugins' additions are not re-scanned (see EnrichmentPlugin.registration).
          if (!termsReady) {
            this.computeTerms(ev as PicketEvent, gen);
            termsReady = true;
          }
          if (this.seen[i] !== gen) continue;
        }
        const current = ev as PicketEvent;
        const h = this.health[i];
        h.calls++;
        const id0 = current.id;
        const time0 = current.utctimestamp;
        this.snapshot.take(current);
        let result: unknown;
        try {
          result = plugins[i].onEvent(current);
        } catch (err) {
          ev = this.snapshot.restore(current);
          this.fail(i, err, ev);
          continue;
        }
        if (result === null) {
          this.stats.dropped++;
          h.dropped++;
          ev = null;
          break;
        }
        if (
          typeof result !== 'object' ||
          result === undefined ||
          typeof (result as { then?: unknown }).then === 'function'
        ) {
          // undefined (forgot to return) or a Promise: a plugin bug, not a drop request.
          ev = this.snapshot.restore(current);
          this.fail(i, new Error(`onEvent returned ${result === undefined ? 'undefined' : 'a non-event'}`), ev);
          continue;
        }
        const bad = malformed(result as PicketEvent, id0, time0);
        if (bad !== null) {
          ev = this.snapshot.restore(current);
          this.fail(i, new Error(`onEvent returned an event with ${bad}`), ev);
          continue;
        }
        ev = result as PicketEvent;
        // A plugin may set the event's real time (MozDef's fixups do); the id follows it.
        if (ev.utctimestamp !== time0) {
          ev.utctimestamp = new Date(ev.utctimestamp).toISOString();
          ev.id = retimeEventId(id0, Date.parse(ev.utctimestamp));
        }
        if (h.failing) this.maybeRecovered(i);
      }
      if (ev !== null) out.push(ev);
    }
    this.snapshot.release();
    return out;
  }

  /** Counts the failure; logs only when the plugin goes from healthy to failing. */
  private fail(i: number, err: unknown, event: PicketEvent): void {
    this.stats.errors++;
    const h = this.health[i];
    h.errors++;
    const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_TEXT);
    const now = Date.now();
    h.lastError = { message, at: new Date(now).toISOString(), eventId: event.id };
    if (h.failing) return;
    h.failing = true;
    h.failingSince = now;
    h.errorsAtFailing = h.errors - 1;
    this.log.warn(
      { plugin: this.plugins[i].name, err, eventId: event.id },
      'enrichment plugin failing; events it fails on are kept as they were before it (logged again when it recovers)',
    );
  }

  private maybeRecovered(i: number): void {
    const h = this.health[i];
    const last = h.lastError ? Date.parse(h.lastError.at) : 0;
    if (Date.now() - last < RECOVER_MS) return;
    h.failing = false;
    (this.log.info ?? this.log.warn).call(
      this.log,
      { plugin: this.plugins[i].name, failures: h.errors - (h.errorsAtFailing ?? 0) },
      'enrichment plugin recovered: no failure for a minute',
    );
  }

  private mark(term: string, gen: number): void {
    const list = this.terms.get(term);
    if (list !== undefined) for (let j = 0; j < list.length; j++) this.seen[list[j]] = gen;
  }

  private markValue(v: string, gen: number): void {
    // Length filter first: most values (summaries, timestamps, ids) can't equal any registered term.
    if (v.length >= this.minLen && v.length <= this.maxLen) this.mark(v.toLowerCase(), gen);
  }

  private computeTerms(e: PicketEvent, gen: number): void {
    this.markValue(e.category, gen);
    this.markValue(e.source, gen);
    this.markValue(e.hostname, gen);
    this.markValue(e.processname, gen);
    this.markValue(e.processid, gen);
    this.markValue(e.severity, gen);
    this.markValue(e.summary, gen);
    const tags = e.tags;
    if (Array.isArray(tags))
      for (let i = 0; i < tags.length; i++) if (typeof tags[i] === 'string') this.markValue(tags[i], gen);
    if (e.details !== null && typeof e.details === 'object')
      this.walk(e.details as Record<string, unknown>, '', 0, gen);
  }

  private walk(obj: Record<string, unknown>, prefix: string, depth: number, gen: number): void {
    for (const key in obj) {
      const value = obj[key];
      const leaf = key.toLowerCase();
      this.mark(leaf, gen);
      let path = leaf;
      if (this.hasDotted && prefix !== '') {
        path = `${prefix}.${leaf}`;
        this.mark(path, gen);
      }
      if (typeof value === 'string') this.markValue(value, gen);
      else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
        if (Array.isArray(value)) this.walkArray(value, path, depth + 1, gen);
        else this.walk(value as Record<string, unknown>, this.hasDotted ? path : '', depth + 1, gen);
      }
    }
  }

  private walkArray(arr: unknown[], prefix: string, depth: number, gen: number): void {
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (typeof v === 'string') this.markValue(v, gen);
      else if (v !== null && typeof v === 'object' && depth < MAX_DEPTH) {
        if (Array.isArray(v)) this.walkArray(v, prefix, depth + 1, gen);
        else this.walk(v as Record<string, unknown>, this.hasDotted ? prefix : '', depth + 1, gen);
      }
    }
  }
}

/**
 * What the store cannot take or would misfile: details not an object, tags not an array, a changed
 * id (the store finds events by it), a utctimestamp that is not a time. Null when fine. A valid new
 * utctimestamp is allowed: the runner moves the id's time part with it.
 */
function malformed(r: PicketEvent, id: string, utctimestamp: string): string | null {
  if (r.details === null || typeof r.details !== 'object' || Array.isArray(r.details))
    return 'details that is not an object';
  if (!Array.isArray(r.tags)) return 'tags that is not an array';
  if (r.id !== id) return 'a changed id';
  if (
    r.utctimestamp !== utctimestamp &&
    (typeof r.utctimestamp !== 'string' || !Number.isFinite(Date.parse(r.utctimestamp)))
  )
    return 'a utctimestamp that is not a time';
  return null;
}

/**
 * What a throwing plugin is rolled back to: top-level fields, tags and details keys, restored in place
 * on the same objects. Taken before every plugin call, so it records into reused arrays instead of
 * cloning: an object spread per plugin per event was over half of the stage's cost. One level only:
 * mutations inside nested detail objects are not undone.
 */
class Snapshot {
  private readonly topKeys: string[] = [];
  private readonly topVals: unknown[] = [];
  private nTop = 0;
  private details: Record<string, unknown> | null = null;
  private readonly detailKeys: string[] = [];
  private readonly detailVals: unknown[] = [];
  private nDetails = 0;
  private tags: string[] | null = null;
  private readonly tagVals: string[] = [];
  private nTags = 0;

  take(e: PicketEvent): void {
    let n = 0;
    for (const k in e) {
      this.topKeys[n] = k;
      this.topVals[n++] = (e as unknown as Record<string, unknown>)[k];
    }
    this.nTop = n;
    const d = e.details;
    this.details = d !== null && typeof d === 'object' ? d : null;
    n = 0;
    if (this.details !== null) {
      for (const k in d) {
        this.detailKeys[n] = k;
        this.detailVals[n++] = d[k];
      }
    }
    this.nDetails = n;
    const tags = e.tags;
    this.tags = Array.isArray(tags) ? tags : null;
    n = 0;
    if (this.tags !== null) for (; n < tags.length; n++) this.tagVals[n] = tags[n];
    this.nTags = n;
  }

  /** Puts e back as it was at take(); rare path, so allocation is fine here. */
  restore(e: PicketEvent): PicketEvent {
    restoreObject(e as unknown as Record<string, unknown>, this.topKeys, this.topVals, this.nTop);
    if (this.details !== null) restoreObject(this.details, this.detailKeys, this.detailVals, this.nDetails);
    if (this.tags !== null) {
      this.tags.length = 0;
      for (let i = 0; i < this.nTags; i++) this.tags.push(this.tagVals[i]);
    }
    // Drop references so a snapshot never keeps a large event alive.
    this.release();
    return e;
  }

  release(): void {
    this.topVals.fill(undefined, 0, this.nTop);
    this.detailVals.fill(undefined, 0, this.nDetails);
    this.details = null;
    this.tags = null;
  }
}

function restoreObject(o: Record<string, unknown>, keys: string[], vals: unknown[], n: number): void {
  const keep = new Set(keys.slice(0, n));
  for (const k of Object.keys(o)) if (!keep.has(k)) delete o[k];
  for (let i = 0; i < n; i++) o[keys[i]] = vals[i];
}
