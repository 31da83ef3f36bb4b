// Optimistic concurrency with merge. Every record keeps, per field, the version at which that field
// last changed. An edit based on an older version still applies when none of the fields it changes
// were changed after that version (someone else edited other fields, or appended to the case);
// otherwise it is a conflict and the caller gets the current record — never a silent overwrite.
import { isDeepStrictEqual } from 'node:util';

export type MergePlan = { kind: 'apply'; changed: string[]; merged: boolean } | { kind: 'conflict'; fields: string[] };

export function planMerge(
  current: Record<string, unknown>,
  fieldVersions: Record<string, number>,
  currentVersion: number,
  baseVersion: number,
  patch: Record<string, unknown>,
): MergePlan {
  const keys = Object.keys(patch).filter((k) => patch[k] !== undefined);
  // A version from the future cannot have been read from us: refuse rather than guess.
  if (baseVersion > currentVersion) return { kind: 'conflict', fields: keys };
  const changed: string[] = [];
  const conflicts: string[] = [];
  for (const k of keys) {
    // Sending the value that is already stored is no change, whoever made it first.
    if (isDeepStrictEqual(patch[k], current[k])) continue;
    if ((fieldVersions[k] ?? 0) > baseVersion) conflicts.push(k);
    else changed.push(k);
  }
  if (conflicts.length) return { kind: 'conflict', fields: conflicts };
  return { kind: 'apply', changed, merged: baseVersion < currentVersion };
}

/** field_versions after applying `changed` at `version`. */
export function bumpFieldVersions(
  fieldVersions: Record<string, number>,
  changed: string[],
  version: number,
): Record<string, number> {
  const next = { ...fieldVersions };
  for (const k of changed) next[k] = version;
  return next;
}
