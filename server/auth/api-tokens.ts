import crypto from 'node:crypto';
import type pg from 'pg';
import { recordAudit } from '../audit/audit-log.ts';
import type { Identity, Role } from './permissions.ts';

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

interface CacheEntry {
  identity: Identity | null;
  at: number;
}

export class ApiTokens {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(private readonly pool: pg.Pool) {}

  async create(input: { name: string; role: Role; ingestOnly?: boolean; actor: Identity | 'system'; ip?: string; value?: string }): Promise<{ id: string; token: string }> {
    const token = input.value ?? generateToken();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO api_tokens (name, role, ingest_only, token_hash, prefix, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.name, input.role, input.ingestOnly ?? false, hashToken(token), token.slice(0, 8), input.actor === 'system' ? 'system' : `${input.actor.kind}:${input.actor.name}`],
      );
      const id = rows[0].id;
      await recordAudit(client, {
        actor: input.actor,
        action: 'token.create',
        targetType: 'token',
        targetId: id,
        diff: { name: input.name, role: input.role, ingestOnly: input.ingestOnly ?? false },
        ip: input.ip,
      });
      await client.query('COMMIT');
      return { id, token };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** PICKET_ADMIN_TOKEN: an admin token with exactly this value exists after start. */
  async ensure(value: string, name: string): Promise<void> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hashToken(value)]);
    if (rowCount) return;
    try {
      await this.create({ name, role: 'admin', actor: 'system', value });
    } catch (err) {
      // Another process ensured it concurrently.
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }

  async verify(token: string): Promise<Identity | null> {
    if (!token || token.length > 512) return null;
    const key = hashToken(token).toString('base64');
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_MS) {
      if (hit.identity) this.touch(hit.identity.id, now);
      return hit.identity;
    }
    const { rows } = await this.pool.query<{ id: string; name: string; role: Role; ingest_only: boolean }>(
      'SELECT id, name, role, ingest_only FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [Buffer.from(key, 'base64')],
    );
    const r = rows[0];
    const identity: Identity | null = r ? { kind: 'token', id: r.id, name: r.name, role: r.role, ingestOnly: r.ingest_only } : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(key, { identity, at: now });
    if (identity) this.touch(identity.id, now);
    return identity;
  }

  async revoke(id: string, actor: Identity | 'system', ip?: string): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rowCount } = await client.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
      if (rowCount) await recordAudit(client, { actor, action: 'token.revoke', targetType: 'token', targetId: id, ip });
      await client.query('COMMIT');
      this.cache.clear();
      return !!rowCount;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async list(): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRecord>(
      `SELECT id, name, role, ingest_only AS "ingestOnly", prefix, created_by AS "createdBy", created_at AS "createdAt",
              last_used_at AS "lastUsedAt", revoked_at AS "revokedAt" FROM api_tokens ORDER BY created_at DESC`,
    );
    return rows;
  }

  /** last_used_at at minute precision: one UPDATE per token per minute, off the request path. */
  private touch(id: string, now: number): void {
    const last = this.lastUsedWritten.get(id) ?? 0;
    if (now - last < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(id, now);
    this.pool.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id]).catch(() => undefined);
  }
}
