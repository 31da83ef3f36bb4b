// Walking and writing dotted paths whose segments come from users or from log fields. Both are
// attacker-chosen: a segment like `__proto__` or `constructor` must never reach an inherited
// property, or one request can change Object.prototype for the whole process.
import { setOwn } from './sanitize.ts';

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` under `root`, through own properties of non-array objects only; undefined if absent. */
export function readOwnPath(root: unknown, path: readonly string[]): unknown {
  let v = root;
  for (const key of path) {
    if (!isPlainRecord(v) || !hasOwn.call(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

/**
 * Writes `value` at `path` under `root`, creating objects on the way. Intermediate objects and the
 * leaf are own data properties (`__proto__` included), so nothing inherited is read or written.
 */
export function writeOwnPath(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let dst = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const next = hasOwn.call(dst, seg) ? dst[seg] : undefined;
    if (isPlainRecord(next)) {
      dst = next;
    } else {
      const created: Record<string, unknown> = {};
      setOwn(dst, seg, created);
      dst = created;
    }
  }
  setOwn(dst, path[path.length - 1], value);
}
