import { AppError } from '../errors/app-error.ts';
import crypto from 'node:crypto';
import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { apiTokens } from '../../db/schema.ts';
import { actorName, recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/drizzle.ts';
import { z } from 'zod';
import { can, type Identity, ROLES, type Role, roleAtMost } from './permissions.ts';

const TOKEN_PREFIX = 'pkt_';
// Verified tokens are cached briefly: ingest at thousands of requests/s must not cost a query each.
// Revocation reaches this process at once and other processes within CACHE_MS.
const CACHE_MS = 10_000;
const CACHE_MAX = 10_000;
const LAST_USED_EVERY_MS = 60_000;

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  ingestOnly: boolean;
  prefix: string;
  /** Display name of the creator ("kind:name"); ownership goes by id (ownerFilter), never by this. */
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token, 'utf8').digest();
}

export function generateToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
}

/**
 * Which tokens an identity owns: a user those acting for its account (made by the user or by one of
 * its tokens), a token those it made itself. Tokens without a known owner (made by the CLI or
 * PICKET_ADMIN_TOKEN's 'system', or from before owners were recorded and not attributable) belong
 * to nobody: admins manage them.
 */
function ownerFilter(owner: Identity): SQL {
  return owner.kind === 'user' ? eq(apiTokens.userId, owner.id) : eq(apiTokens.createdByTokenId, owner.id);
}

/** A new token as a person asks for it (REST and tRPC accept exactly this). */
export const newTokenSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  role: z.enum(ROLES),
  ingestOnly: z.boolean().default(false),
});

/** A refused token operation; REST and tRPC map `code` to their status (403 / 404). */
export class TokenError extends AppError<'forbidden' | 'not_found'> {}

interface CacheEntry {
  identity: Identity | null;
  at: number;
}

export class ApiTokens {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** A person or token cannot mint a token that outranks itself; 'system' (CLI, bootstrap) can. */
  async create(input: {
    name: string;
    role: Role;
    ingestOnly?: boolean;
    actor: Identity | 'system';
    ip?: string;
    value?: string;
  }): Promise<{ id: string; token: string }> {
    if (input.actor !== 'system' && !roleAtMost(input.role, input.actor.role))
      throw new TokenError('forbidden', `a token's role cannot exceed your own (${input.actor.role})`);
    const token = input.value ?? generateToken();
    const ingestOnly = input.ingestOnly ?? false;
    const actor = input.actor;
    return this.db.transaction(async (tx) => {
      let userId: string | null = null;
      if (actor !== 'system' && actor.kind === 'user') userId = actor.id;
      if (actor !== 'system' && actor.kind === 'token') {
        const [creator] = await tx
          .select({ userId: apiTokens.userId })
          .from(apiTokens)
          .where(eq(apiTokens.id, actor.id));
        userId = creator?.userId ?? null;
      }
      const [row] = await tx
        .insert(apiTokens)
        .values({
          name: input.name,
          role: input.role,
          ingestOnly,
          tokenHash: hashToken(token),
          prefix: token.slice(0, 8),
          createdBy: actorName(actor),
          userId,
          createdByTokenId: actor !== 'system' && actor.kind === 'token' ? actor.id : null,
        })
        .returning({ id: apiTokens.id });
      await recordAudit(tx, {
        actor: input.actor,
        action: 'token.create',
        targetType: 'token',
        targetId: row.id,
        diff: { name: input.name, role: input.role, ingestOnly },
        ip: input.ip,
      });
      return { id: row.id, token };
    });
  }

  /** PICKET_ADMIN_TOKEN: an admin token with exactly this value exists after start (a revoked one stays revoked). */
  async ensure(value: string, name: string): Promise<'exists' | 'created' | 'revoked'> {
    const [row] = await this.db
      .select({ revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, hashToken(value)));
    if (row) return row.revokedAt ? 'revoked' : 'exists';
    try {
      await this.create({ name, role: 'admin', actor: 'system', value });
      return 'created';
    } catch (err) {
      // Another process ensured it concurrently.
      if (
        (err as { code?: string; cause?: { code?: string } }).cause?.code === '23505' ||
        (err as { code?: string }).code === '23505'
      )
        return 'exists';
      throw err;
    }
  }

  async verify(token: string): Promise<Identity | null> {
    if (!token || token.length > 512) return null;
    const hash = hashToken(token);
    const key = hash.toString('base64');
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_MS) {
      if (hit.identity) this.touch(hit.identity.id, now);
      return hit.identity;
    }
    const [r] = await this.db
      .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, ingestOnly: apiTokens.ingestOnly })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)));
    const identity: Identity | null = r
      ? { kind: 'token', id: r.id, name: r.name, role: r.role, ingestOnly: r.ingestOnly }
      : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(key, { identity, at: now });
    if (identity) this.touch(identity.id, now);
    return identity;
  }

  /** The token, when it exists and (with `owner`) the identity owns it. */
  async find(id: string, owner?: Identity): Promise<{ id: string } | undefined> {
    const [row] = await this.db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(owner ? and(eq(apiTokens.id, id), ownerFilter(owner)) : eq(apiTokens.id, id));
    return row;
  }

  async revoke(id: string, actor: Identity | 'system', ip?: string): Promise<boolean> {
    const revoked = await this.db.transaction(async (tx) => {
      const rows = await tx
        .update(apiTokens)
        .set({ revokedAt: new Date().toISOString() })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      if (rows.length) await recordAudit(tx, { actor, action: 'token.revoke', targetType: 'token', targetId: id, ip });
      return rows.length > 0;
    });
    this.cache.clear();
    return revoked;
  }

  /**
   * Revokes a token `actor` may manage: admins any, others only their own. Someone else's token
   * answers like a missing one, so its id tells a non-admin nothing.
   */
  async revokeAs(id: string, actor: Identity, ip?: string): Promise<{ id: string; revoked: true }> {
    const record = await this.find(id, can(actor, 'tokens:admin') ? undefined : actor);
    if (!record) throw new TokenError('not_found', `no token ${id}`);
    await this.revoke(id, actor, ip);
    return { id, revoked: true };
  }

  /** The tokens `viewer` may see: everyone's for admins (unless `mineOnly`), else its own. */
  async listFor(viewer: Identity, mineOnly = false): Promise<TokenRecord[]> {
    return this.list(mineOnly || !can(viewer, 'tokens:admin') ? viewer : undefined);
  }

  /** Every token, or (with `owner`) only those the identity owns. */
  async list(owner?: Identity): Promise<TokenRecord[]> {
    return this.db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        role: apiTokens.role,
        ingestOnly: apiTokens.ingestOnly,
        prefix: apiTokens.prefix,
        createdBy: apiTokens.createdBy,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .where(owner ? ownerFilter(owner) : undefined)
      .orderBy(desc(apiTokens.createdAt));
  }

  /** last_used_at at minute precision: one UPDATE per token per minute, off the request path. */
  private touch(id: string, now: number): void {
    const last = this.lastUsedWritten.get(id) ?? 0;
    if (now - last < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(id, now);
    this.db
      .update(apiTokens)
      .set({ lastUsedAt: new Date(now).toISOString() })
      .where(eq(apiTokens.id, id))
      .catch(() => undefined);
  }
}
