import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/drizzle.ts';
import { LoginBackoff } from './login-rate-limit.ts';
import type { Identity, Role } from './permissions.ts';
import { AppError } from '../errors/app-error.ts';

export const MIN_PASSWORD_LENGTH = 10;

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Typed service errors (a weak password is bad_request, removing the last admin a conflict). */
export class UserError extends AppError<'conflict' | 'version_conflict' | 'not_found' | 'bad_request'> {
  constructor(
    code: 'conflict' | 'version_conflict' | 'not_found' | 'bad_request',
    message: string,
    readonly current?: UserRecord,
  ) {
    super(code, message, current === undefined ? {} : { details: { current } });
  }
}

export interface OAuthSignIn {
  email: string;
  name: string;
  /** The provider vouches for the address (email_verified, or an operator-trusted provider). */
  emailVerified: boolean;
  provider: string;
  /** From the provider's claims, re-applied at each sign-in; undefined: keep the account's role. */
  role?: Role | 'none';
  /** Where `role` came from, for the audit log (e.g. "oidc claim groups"). */
  roleSource?: string;
  /** The policy for a first sign-in when no role comes from the claims. */
  newUserRole: Role | 'none';
}
export type OAuthRefusal = 'unverified_email' | 'disabled' | 'no_role' | 'last_admin';
export type OAuthSignInResult = { ok: true; user: UserRecord } | { ok: false; reason: OAuthRefusal };

/**
 * 'invalid' and 'paused' are answered identically for existing and unknown emails; 'disabled' only
 * after the right password, so it tells nothing to someone who does not have it.
 */
export type AuthResult =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: 'invalid' | 'disabled' }
  | { ok: false; reason: 'paused'; retryAfterS: number };

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabled: sql<boolean>`${users.disabledAt} IS NOT NULL`,
  lockedUntil: users.lockedUntil,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  version: users.version,
};

export function generatePassword(): string {
  return crypto.randomBytes(15).toString('base64url');
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UserError('bad_request', `password must have at least ${MIN_PASSWORD_LENGTH} characters`);
}

// Verifying against this when the email is unknown keeps response time from revealing which emails exist.
let dummyHash: Promise<string> | undefined;

export class Users {
  constructor(
    private readonly db: Db,
    /** Failed sign-ins per account and source address (see login-rate-limit.ts). */
    readonly backoff = new LoginBackoff(),
  ) {}

  async count(): Promise<number> {
    const [r] = await this.db.select({ n: count() }).from(users);
    return r.n;
  }

  async list(): Promise<UserRecord[]> {
    return this.db.select(columns).from(users).orderBy(asc(users.email));
  }

  async get(id: string): Promise<UserRecord | null> {
    const [u] = await this.db.select(columns).from(users).where(eq(users.id, id));
    return u ?? null;
  }

  async create(
    input: { email: string; role: Role; name?: string; password?: string },
    actor: Identity | 'system',
    ip?: string,
  ): Promise<{ user: UserRecord; generatedPassword?: string }> {
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generatedPassword!;
    checkPassword(password);
    const passwordHash = await hash(password);
    const email = input.email.trim().toLowerCase();
    try {
      const user = await this.db.transaction(async (tx) => {
        const [u] = await tx
          .insert(users)
          .values({ email, role: input.role, name: input.name ?? '', passwordHash })
          .returning(columns);
        await recordAudit(tx, {
          actor,
          action: 'user.create',
          targetType: 'user',
          targetId: u.id,
          diff: { email, role: input.role, name: u.name },
          ip,
        });
        return u;
      });
      return { user, generatedPassword };
    } catch (err) {
      if ((err as { cause?: { code?: string } }).cause?.code === '23505')
        throw new UserError('conflict', `a user with email ${email} exists`);
      throw err;
    }
  }

  /**
   * Applies an edit made against `version`; a stale version is refused with the current record.
   * A password change or a disable ends the user's sessions (the caller should forget cached ones).
   */
  async update(
    id: string,
    patch: { role?: Role; name?: string; disabled?: boolean; password?: string },
    version: number,
    actor: Identity | 'system',
    ip?: string,
  ): Promise<UserRecord> {
    if (patch.password !== undefined) checkPassword(patch.password);
    const passwordHash = patch.password === undefined ? undefined : await hash(patch.password);
    const endsSessions = passwordHash !== undefined || patch.disabled === true;
    const updated = await this.db.transaction(async (tx) => {
      const [before] = await tx.select(columns).from(users).where(eq(users.id, id)).for('update');
      if (!before) throw new UserError('not_found', `no user ${id}`);
      if (before.version !== version)
        throw new UserError(
          'version_conflict',
          `user was changed by someone else (now version ${before.version})`,
          before,
        );
      const losesAdmin =
        before.role === 'admin' &&
        !before.disabled &&
        ((patch.role && patch.role !== 'admin') || patch.disabled === true);
      if (losesAdmin) {
        const [r] = await tx
          .select({ n: count() })
          .from(users)
          .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, id)));
        if (r.n === 0) throw new UserError('conflict', 'at least one active admin must remain');
      }
      const [after] = await tx
        .update(users)
        .set({
          role: patch.role,
          name: patch.name,
          passwordHash,
          disabledAt: patch.disabled === undefined ? undefined : patch.disabled ? sql`now()` : null,
          // A new password or a disable ends every session (re-enabling must not revive them).
          ...(endsSessions ? { sessionEpoch: sql`${users.sessionEpoch} + 1` } : {}),
          updatedAt: sql`now()`,
          version: sql`${users.version} + 1`,
        })
        .where(eq(users.id, id))
        .returning(columns);
      const diff: Record<string, [unknown, unknown]> = {};
      for (const k of ['role', 'name', 'disabled'] as const)
        if (before[k] !== after[k]) diff[k] = [before[k], after[k]];
      if (passwordHash) diff.password = ['(set)', '(changed)'];
      if (endsSessions) diff.sessions = ['(kept)', '(ended)'];
      await recordAudit(tx, { actor, action: 'user.update', targetType: 'user', targetId: id, diff, ip });
      return after;
    });
    // A new password may be tried at once, from anywhere.
    if (passwordHash) this.backoff.forgetAccount(updated.email);
    return updated;
  }

  /** The user behind a session, with the epoch live sessions must carry. */
  async sessionUser(id: string): Promise<(UserRecord & { sessionEpoch: number }) | null> {
    const [u] = await this.db
      .select({ ...columns, sessionEpoch: users.sessionEpoch })
      .from(users)
      .where(eq(users.id, id));
    return u ?? null;
  }

  async sessionUserByEmail(email: string): Promise<(UserRecord & { sessionEpoch: number }) | null> {
    const [u] = await this.db
      .select({ ...columns, sessionEpoch: users.sessionEpoch })
      .from(users)
      .where(eq(users.email, email.trim().toLowerCase()));
    return u ?? null;
  }

  /** Voids every session of the user, on every device. */
  async signOutEverywhere(id: string, actor: Identity | 'system', ip?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
        .where(eq(users.id, id));
      await recordAudit(tx, { actor, action: 'auth.signout.everywhere', targetType: 'user', targetId: id, ip });
    });
  }

  /**
   * OAuth/OIDC sign-in. Only an email the provider verified may sign in (an unverified one could be
   * anyone's, an admin's included), to an existing account or a new one. `role`, when given, comes
   * from the provider's claims and is applied to the account at every sign-in.
   */
  async signInOAuth(input: OAuthSignIn, ip?: string): Promise<OAuthSignInResult> {
    const email = input.email.trim().toLowerCase();
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.select(columns).from(users).where(eq(users.email, email)).for('update');
      const fail = async (reason: OAuthRefusal, detail: string): Promise<OAuthSignInResult> => {
        await recordAudit(tx, {
          actor: 'system',
          action: 'auth.login.failure',
          targetType: 'user',
          targetId: existing?.id ?? email.slice(0, 200),
          diff: { email: email.slice(0, 200), via: input.provider, reason: detail },
          ip,
        });
        return { ok: false, reason };
      };
      if (!input.emailVerified) return fail('unverified_email', 'email not verified by the provider');
      if (existing?.disabled) return fail('disabled', 'disabled');
      const role = input.role ?? (existing ? existing.role : input.newUserRole);
      if (role === 'none')
        return fail('no_role', input.role ? `no role from ${input.roleSource}` : 'new OAuth users refused by policy');
      let user: UserRecord;
      if (!existing) {
        [user] = await tx
          .insert(users)
          .values({ email, name: input.name, role, lastLoginAt: sql`now()` })
          .returning(columns);
        await recordAudit(tx, {
          actor: 'system',
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          diff: { email, role, via: input.role ? input.roleSource : input.provider },
          ip,
        });
      } else if (role !== existing.role) {
        if (existing.role === 'admin') {
          const [r] = await tx
            .select({ n: count() })
            .from(users)
            .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, existing.id)));
          if (r.n === 0) return fail('last_admin', `${input.roleSource} would demote the last active admin to ${role}`);
        }
        [user] = await tx
          .update(users)
          .set({ role, lastLoginAt: sql`now()`, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
          .where(eq(users.id, existing.id))
          .returning(columns);
        await recordAudit(tx, {
          actor: 'system',
          action: 'user.update',
          targetType: 'user',
          targetId: user.id,
          diff: { role: [existing.role, role], via: input.roleSource },
          ip,
        });
      } else {
        [user] = await tx
          .update(users)
          .set({ lastLoginAt: sql`now()` })
          .where(eq(users.id, existing.id))
          .returning(columns);
      }
      await recordAudit(tx, {
        actor: 'system',
        action: 'auth.login.success',
        targetType: 'user',
        targetId: user.id,
        diff: { email, via: input.provider },
        ip,
      });
      return { ok: true, user };
    });
  }

  /**
   * Checks a password; failures pause further tries of this account from this address (never the
   * account itself, see login-rate-limit.ts). Every attempt is audited.
   */
  async authenticate(emailInput: string, password: string, ip = ''): Promise<AuthResult> {
    const email = emailInput.trim().toLowerCase();
    const audit = (action: string, targetId: string, extra: Record<string, unknown> = {}) =>
      // The email is in the entry so the audit page says who, not only which user id.
      recordAudit(this.db, {
        actor: 'system',
        action,
        targetType: 'user',
        targetId,
        diff: { email: email.slice(0, 200), ...extra },
        ip,
      });
    const waitMs = this.backoff.waitMs(email, ip);
    const [row] = await this.db
      .select({ ...columns, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.email, email));
    const targetId = row?.id ?? email.slice(0, 200);
    if (waitMs > 0) {
      await audit('auth.login.failure', targetId, { reason: 'paused after repeated failures' });
      return { ok: false, reason: 'paused', retryAfterS: Math.ceil(waitMs / 1000) };
    }
    let good: boolean;
    if (!row || !row.passwordHash) {
      dummyHash ??= hash(generatePassword());
      await verify(await dummyHash, password).catch(() => false);
      good = false;
    } else {
      good = await verify(row.passwordHash, password).catch(() => false);
    }
    if (!good) {
      const pause = this.backoff.failure(email, ip);
      await audit('auth.login.failure', targetId, {
        reason: row?.passwordHash ? 'wrong password' : 'unknown email or no password',
      });
      if (pause > 0) await audit('auth.backoff', targetId, { seconds: Math.ceil(pause / 1000) });
      return pause > 0
        ? { ok: false, reason: 'paused', retryAfterS: Math.ceil(pause / 1000) }
        : { ok: false, reason: 'invalid' };
    }
    this.backoff.success(email, ip);
    if (row!.disabled) {
      await audit('auth.login.failure', targetId, { reason: 'disabled' });
      return { ok: false, reason: 'disabled' };
    }
    const [user] = await this.db
      .update(users)
      .set({ lastLoginAt: sql`now()` })
      .where(eq(users.id, row!.id))
      .returning(columns);
    await audit('auth.login.success', targetId);
    return { ok: true, user };
  }
}
