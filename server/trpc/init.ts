// tRPC foundation (create-t3-app's trpc.ts, documenso's procedure context). Every procedure is
// built from `permission(action)` or `publicProcedure`, both of which record the decision in
// `meta`, so test/trpc-permissions can walk the router and refuse any undeclared procedure.
import { initTRPC, TRPCError } from '@trpc/server';
import { recordDenied } from '../audit/access-denied.ts';
import { type AuditEntry, recordAudit } from '../audit/audit-log.ts';
import { type Action, can, type Identity } from '../auth/permissions.ts';
import type { Db, DbOrTx } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { EventQueue } from '../queue/event-queue.ts';
import type { Bus } from '../realtime/bus.ts';
import type { Presence } from '../realtime/presence.ts';
import type { Cases } from '../cases/cases.ts';
import type { Settings } from '../settings/settings.ts';
import type { Alerting } from '../alerts/alerting.ts';
import type { EventStore } from '../store/event-store.ts';
import type { WatchlistService } from '../watchlist/watchlist-service.ts';
import type { Notifications } from '../alerts/notify/notifications.ts';
import type { ApiTokens } from '../auth/api-tokens.ts';
import type { UserAdminDeps } from '../auth/user-admin.ts';
import type { EntityService } from '../entities/entity-service.ts';
import { formatError } from './error-data.ts';
import type { ExplorerServices } from './explorer-services.ts';
import { QueryRefusedError, QueryTimeoutError } from '../store/query-timeout.ts';
import type { EnrichmentAdmin } from '../workers/enrichment-admin.ts';
import { AppError, ERROR_TABLE } from '../errors/app-error.ts';

export interface TrpcServices {
  db: Db;
  bus: Bus;
  presence: Presence;
  cases: Cases;
  settings: Settings;
  alerting: Alerting;
  store: EventStore;
  watchlist: WatchlistService;
  notifications: Notifications;
  /** Events explorer, live tail, saved searches and dashboard. */
  explorer: ExplorerServices;
  /** The running event queue: Admin reads its status and works its dead-letter queue. */
  queue: EventQueue;
  /** Enrichment plugins (this process's, and every process's reported status) and the drop filters. */
  plugins: EnrichmentAdmin;
  /** Admin → Users (with the session cache an edit that ends sessions clears). */
  userAdmin: UserAdminDeps;
  tokens: ApiTokens;
  /** Entity pages (IP, user, host, domain) and the command palette's entity search. */
  entities: EntityService;
}

export interface TrpcContext {
  /** Undefined when no (valid) credentials came with the request. */
  identity: Identity | undefined;
  /** How the identity was established; ws identities were checked on the upgrade. */
  via: 'token' | 'session' | 'ws' | 'none';
  /** Set for calls over the realtime socket: presence is keyed by it. */
  connectionId?: string;
  ip: string;
  log: Logger;
  services: TrpcServices;
}

export interface ProcedureMeta {
  /** The action from server/auth/permissions.ts this procedure needs, or 'public'. */
  permission: Action | 'public';
  /**
   * Mutations state their audit stance: 'recorded' (they call ctx.audit) or why they are not,
   * so "forgot to audit" is visible in review and checked by the permissions test.
   */
  audit?: 'recorded' | { skip: string };
}

const t = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  // Internal errors must not leak stack traces to the browser.
  isDev: false,
  // Query errors carry their position, version conflicts the current record (error-data.ts).
  errorFormatter: formatError,
});

/**
 * Every procedure starts here: an AppError thrown anywhere below (domain service, middleware,
 * resolver) leaves as the tRPC code ERROR_TABLE gives it, with the AppError as the cause the
 * errorFormatter reads. The one place tRPC codes come from.
 */
const base = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause as AppError;
    throw new TRPCError({ code: ERROR_TABLE[cause.code].trpc, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** No identity needed. Use sparingly: the walk test lists every public procedure. */
export const publicProcedure = base.meta({ permission: 'public' });

export type AuditFn = (entry: Omit<AuditEntry, 'actor' | 'ip'>, tx?: DbOrTx) => Promise<void>;

const authorize = t.middleware(async ({ ctx, meta, next, path, type }) => {
  const permission = meta?.permission;
  if (!ctx.identity)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in or send Authorization: Bearer <api token>' });
  const identity = ctx.identity;
  // Refused mutations land in the audit log (see recordDenied for why reads do not).
  const deny = async (message: string) => {
    if (type === 'mutation')
      await recordDenied(ctx.services.db, ctx.log, {
        identity,
        targetType: 'procedure',
        targetId: path,
        reason: message,
        ip: ctx.ip,
      });
    return new TRPCError({ code: 'FORBIDDEN', message });
  };
  // Fail closed: a procedure without a declared action is refused, not allowed.
  if (!permission || permission === 'public') throw await deny(`${path} declares no permission`);
  if (!can(identity, permission)) throw await deny(`this needs the ${permission} permission`);
  const log = ctx.log.child({ trpc: path, type, actor: `${identity.kind}:${identity.name}` });
  const audit: AuditFn = (entry, tx) =>
    recordAudit(tx ?? ctx.services.db, { ...entry, actor: identity, ip: ctx.ip || undefined });
  /** For checks that depend on input (e.g. which topic): same table, same errors. */
  const require = (action: Action) => {
    if (!can(identity, action))
      throw new TRPCError({ code: 'FORBIDDEN', message: `this needs the ${action} permission` });
  };
  const result = await next({ ctx: { identity, log, audit, require } });
  // A service's own refusal (e.g. a token outranking its creator) is audited like the REST API's 403s.
  const forbidden =
    !result.ok &&
    (result.error.code === 'FORBIDDEN' ||
      (result.error.cause instanceof AppError && result.error.cause.code === 'forbidden'));
  if (forbidden && type === 'mutation') {
    await recordDenied(ctx.services.db, ctx.log, {
      identity,
      targetType: 'procedure',
      targetId: path,
      reason: result.error.message,
      ip: ctx.ip,
    });
  }
  return result;
});

/** A procedure that needs `action`; the declaration is both the check and the metadata. */
export function permission(action: Action, meta: Omit<ProcedureMeta, 'permission'> = {}) {
  return base.meta({ ...meta, permission: action }).use(authorize);
}
