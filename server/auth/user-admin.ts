// An admin's user management as both the REST API and the tRPC users router do it: the rules that
// sit around the Users service (a generated password shown once; cached sessions dropped when an
// edit ends them) live here so neither path can drift from the other.
import { z } from 'zod';
import { type Identity, ROLES, type Role } from './permissions.ts';
import type { SessionResolver } from './session-identity.ts';
import type { UserRecord, Users } from './users.ts';

export interface UserAdminDeps {
  users: Users;
  sessions: Pick<SessionResolver, 'forget'>;
}

/** A new user as an admin enters it (both APIs accept exactly this). */
export const newUserSchema = z.object({
  email: z.email('email must be an email address').max(320),
  role: z.enum(ROLES),
  name: z.string().trim().max(200).optional(),
  password: z.string().max(1000).optional(),
});

/** An edit, with the version it is based on. */
export const userPatchSchema = z
  .object({
    role: z.enum(ROLES).optional(),
    name: z.string().trim().max(200).optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(1000).optional(),
    version: z.number().int().min(1, 'version is the version your edit is based on'),
  })
  .strict();

export type UserPatch = Omit<z.infer<typeof userPatchSchema>, 'version'>;

/** The new user, with its generated password when none was given (only its hash is stored). */
export async function createUser(
  { users }: UserAdminDeps,
  input: { email: string; role: Role; name?: string; password?: string },
  actor: Identity,
  ip?: string,
): Promise<UserRecord & { password?: string }> {
  const { user, generatedPassword } = await users.create(input, actor, ip);
  return generatedPassword ? { ...user, password: generatedPassword } : user;
}

/** A versioned edit (UserError 'version_conflict' carries the current record). */
export async function updateUser(
  { users, sessions }: UserAdminDeps,
  id: string,
  patch: UserPatch,
  version: number,
  actor: Identity,
  ip?: string,
): Promise<UserRecord> {
  const updated = await users.update(id, patch, version, actor, ip);
  // Ended sessions stop working in this process at once (other processes within their cache time).
  if (patch.password !== undefined || patch.disabled === true) sessions.forget();
  return updated;
}
