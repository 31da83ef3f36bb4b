import { sanitizeValue } from '../../ingest/sanitize.ts';

/**
 * A JSON object carried as text (a shipper's MESSAGE or summary holding Zeek's or Suricata's log
 * line), parsed under the same limits as an event posted as JSON; null when it is not one.
 * JSON.parse makes '__proto__' an own key, and sanitizeValue keeps it so.
 */
export function parseEmbeddedJson(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string' || text.charCodeAt(0) !== 123 /* { */) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const clean = sanitizeValue(parsed);
  return clean.ok ? (clean.value as Record<string, unknown>) : null;
}
