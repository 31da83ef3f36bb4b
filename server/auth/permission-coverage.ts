// The permission-coverage checker: every tRPC procedure and REST route must name an action from
// the permission table, and every tRPC mutation must state its audit stance. The walk tests run
// it on the real router and routes; permission-coverage.test.ts proves it catches omissions.
import { ACTIONS } from './permissions.ts';

interface ProcedureLike {
  _def: { type?: string; meta?: { permission?: unknown; audit?: unknown } };
}

const KNOWN = new Set<string>(ACTIONS);

/** Problems with a tRPC router's procedures (flat `_def.procedures`, e.g. 'settings.update'); empty when covered. */
export function trpcCoverageProblems(
  router: { _def: { procedures: object } },
  opts: { allowPublic?: readonly string[] } = {},
): string[] {
  const problems: string[] = [];
  const procedures = Object.entries(router._def.procedures as Record<string, ProcedureLike>);
  if (procedures.length === 0) problems.push('the router has no procedures (is this the right router?)');
  for (const [path, p] of procedures) {
    const perm = p._def.meta?.permission;
    if (perm === undefined) problems.push(`${path}: declares no permission`);
    else if (perm === 'public') {
      if (!opts.allowPublic?.includes(path)) problems.push(`${path}: is public but not on the allowed list`);
    } else if (typeof perm !== 'string' || !KNOWN.has(perm))
      problems.push(`${path}: permission ${String(perm)} is not in the permission table`);
    if (p._def.type === 'mutation' && p._def.meta?.audit === undefined)
      problems.push(`${path}: mutation does not say whether it is audited`);
  }
  return problems;
}

/** Problems with REST route definitions; empty when every route names a known action. */
export function restCoverageProblems(
  routes: ReadonlyArray<{ method: string; path: string; permission?: unknown }>,
): string[] {
  const problems: string[] = [];
  if (routes.length === 0) problems.push('no routes (is this the right list?)');
  for (const r of routes) {
    if (r.permission === undefined) problems.push(`${r.method} ${r.path}: declares no permission`);
    else if (typeof r.permission !== 'string' || !KNOWN.has(r.permission))
      problems.push(`${r.method} ${r.path}: permission ${String(r.permission)} is not in the permission table`);
  }
  return problems;
}
