// One table decides who may do what (dub's model): procedures and REST routes name an action,
// and a single wrapper checks it. New features add actions here, not ifs in handlers.
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'account:self',
  'events:read',
  'events:ingest',
  'alerts:read',
  'alerts:write',
  'rules:read',
  'rules:write',
  'watchlist:read',
  'watchlist:write',
  'blocklist:read',
  'cases:read',
  'cases:write',
  'tokens:read-own',
  'tokens:write-own',
  'tokens:admin',
  'users:admin',
  'audit:read',
  'settings:admin',
  'notifications:admin',
  'metrics:read',
] as const;
export type Action = (typeof ACTIONS)[number];

// metrics:read (GET /metrics, health error texts) is counts and timings, less than a viewer reads
// anyway: every role has it, so a Prometheus scrape needs no more than a viewer token.
const viewer: Action[] = [
  'account:self',
  'events:read',
  'alerts:read',
  'rules:read',
  'watchlist:read',
  'blocklist:read',
  'cases:read',
  'tokens:read-own',
  'tokens:write-own',
  'metrics:read',
];
const analyst: Action[] = [...viewer, 'events:ingest', 'alerts:write', 'watchlist:write', 'cases:write'];
const admin: Action[] = [...ACTIONS];

export const PERMISSIONS: Record<Role, ReadonlySet<Action>> = {
  viewer: new Set(viewer),
  analyst: new Set(analyst),
  admin: new Set(admin),
};

/**
 * Ingest-only tokens (shippers) can ingest, and read the block-list export: a firewall or proxy
 * pulling the lists needs no token that can search events or see cases.
 */
const INGEST_ONLY: ReadonlySet<Action> = new Set<Action>(['events:ingest', 'blocklist:read']);

export interface Identity {
  kind: 'user' | 'token';
  id: string;
  /** What the audit log shows as the actor. */
  name: string;
  role: Role;
  ingestOnly: boolean;
}

export function can(identity: Identity, action: Action): boolean {
  return (identity.ingestOnly ? INGEST_ONLY : PERMISSIONS[identity.role]).has(action);
}

export function roleAtMost(role: Role, ceiling: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(ceiling);
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
