// MozDef's REST plugins took their input as a serialized HTML form: a JSON list of one-key objects,
// e.g. [{"ipaddress": "…"}, {"duration": "1d"}, {"IPBlockList": true}], later fields winning. This
// turns such a body into a Map (attacker-chosen keys never touch a plain object) and MozDef's
// duration words into Picket's block durations.
import type { BlockDuration } from '../../watchlist/watch-values.ts';
import { AppError } from '../../errors/app-error.ts';

const MAX_FIELDS = 100;

export async function readMozdefBody(req: Request): Promise<string> {
  const text = await req.text();
  if (text.length > 1024 * 1024) throw new AppError('payload_too_large', 'body exceeds 1 MiB');
  return text;
}

/** Parses JSON, 400 (not MozDef's 500) when it is not. */
export function parseJsonText(text: string, what = 'body'): unknown {
  if (text.trim() === '') throw new AppError('bad_request', `${what}: no data provided`);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', `${what}: invalid JSON`);
  }
}

/** A JSON object body, read through its own keys only (attacker-chosen keys never reach the prototype). */
export interface ObjectBody {
  get(key: string): unknown;
  keys(): string[];
}

/** Why a body is not a JSON object: empty, not JSON, or JSON of another shape. Each route words it as MozDef did. */
export type ObjectBodyFault = 'empty' | 'json' | 'shape';

/** The plain words for each fault, as parseJsonText says them. */
export const FAULT_WORDS: Record<ObjectBodyFault, string> = {
  empty: 'body: no data provided',
  json: 'body: invalid JSON',
  shape: 'body: must be a JSON object',
};

/** Reads a MozDef route's JSON object body (1 MiB at most: larger is a 413 AppError). */
export async function readObjectBody(
  req: Request,
): Promise<{ ok: true; body: ObjectBody } | { ok: false; fault: ObjectBodyFault }> {
  const text = await readMozdefBody(req);
  if (text.trim() === '') return { ok: false, fault: 'empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, fault: 'json' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, fault: 'shape' };
  const obj = parsed as Record<string, unknown>;
  return { ok: true, body: { get: (k) => (Object.hasOwn(obj, k) ? obj[k] : undefined), keys: () => Object.keys(obj) } };
}

/** The form fields of a MozDef plugin body: a list of objects (MozDef) or one object (a convenience). */
export function formFields(body: unknown): Map<string, unknown> {
  const items = Array.isArray(body) ? body : typeof body === 'object' && body !== null ? [body] : null;
  if (!items)
    throw new AppError(
      'bad_request',
      'body must be a JSON list of form fields, e.g. [{"ipaddress": "…"}, {"duration": "1d"}]',
    );
  if (items.length > MAX_FIELDS) throw new AppError('bad_request', `at most ${MAX_FIELDS} form fields`);
  const fields = new Map<string, unknown>();
  (items as unknown[]).forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new AppError('bad_request', `field ${i}: must be an object like {"name": value}`);
    for (const key of Object.keys(item)) fields.set(key, (item as Record<string, unknown>)[key]);
  });
  return fields;
}

/** A text field: absent/null → undefined; numbers are taken as text (forms send both). */
export function textField(fields: Map<string, unknown>, name: string, max = 2000): string | undefined {
  const v = fields.get(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new AppError('bad_request', `${name}: must be text`);
  const s = String(v).trim();
  if (s.length > max) throw new AppError('bad_request', `${name}: at most ${max} characters`);
  return s;
}

/**
 * The plugin's checkbox (MozDef's UI named it after the plugin, e.g. "IPBlockList"; the endpoint's
 * name is accepted too). true/"true"/"on" act, false/"false"/"off" skip; absent is a 400, since MozDef
 * silently did nothing then.
 */
export function pluginChecked(fields: Map<string, unknown>, names: readonly string[]): boolean {
  const name = names.find((n) => fields.has(n));
  if (name === undefined)
    throw new AppError('bad_request', `nothing to do: add {"${names[0]}": true} to the form fields`);
  const v = fields.get(name);
  if (v === true || v === 'true' || v === 'on' || v === 1) return true;
  if (v === false || v === 'false' || v === 'off' || v === 0 || v === null || v === '') return false;
  throw new AppError('bad_request', `${name}: must be true or false`);
}

// MozDef's words ("12hr", "1w") and Picket's own; MozDef's default was one hour.
const DURATIONS: ReadonlyMap<string, BlockDuration> = new Map([
  ['1h', '1h'],
  ['12hr', '12h'],
  ['12h', '12h'],
  ['1d', '1d'],
  ['2d', '2d'],
  ['3d', '3d'],
  ['1w', '7d'],
  ['7d', '7d'],
  ['14d', '14d'],
  ['30d', '30d'],
  ['permanent', 'permanent'],
]);

export function mozdefDuration(raw: string | undefined): BlockDuration {
  if (raw === undefined || raw === '') return '1h';
  const d = DURATIONS.get(raw.toLowerCase());
  if (!d) throw new AppError('bad_request', `duration: one of ${[...DURATIONS.keys()].join(', ')}`);
  return d;
}

/** MozDef kept reference and requester as their own fields; Picket folds them into the comment. */
export function mozdefComment(
  comment: string | undefined,
  reference: string | undefined,
  userid: string | undefined,
): string {
  const parts = [comment ?? ''];
  if (reference) parts.push(`reference: ${reference}`);
  if (userid) parts.push(`requested by: ${userid}`);
  return parts.filter(Boolean).join(' — ').slice(0, 2000);
}
