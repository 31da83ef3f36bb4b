import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { ApiTokens } from '../auth/api-tokens.ts';
import { isRole, ROLES } from '../auth/permissions.ts';
import { UserError, Users } from '../auth/users.ts';
import { createLogger } from '../logger.ts';

const USAGE = `usage: picket <command>

  start                                   build if needed, migrate, serve UI + API + ingest
  migrate                                 apply database migrations and exit
  token create --role R --name N [--ingest-only]
                                          create an API token; prints only the token
  token list                              list tokens (never their values)
  user create --email E --role R [--name N] [--password P]
                                          create a user; prints a generated password if none given
  worker                                  run pipeline stages from the Redis queue (scale-out)
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const cfg = config();
  // Logs go to stderr so that stdout carries only the command's answer (scripts capture it).
  const log = createLogger(cfg.PICKET_LOG_LEVEL === 'info' ? 'warn' : cfg.PICKET_LOG_LEVEL);
  const db = await openDatabase(cfg, log, { ownEmbedded: false });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function token(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, name: { type: 'string' }, 'ingest-only': { type: 'boolean' } } });
    const role = values.role ?? fail(`--role is required (${ROLES.join(', ')})`);
    if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    const name = values.name?.trim() || fail('--name is required');
    const created = await withDatabase((db) => new ApiTokens(db.orm).create({ name, role, ingestOnly: values['ingest-only'] ?? false, actor: 'system' }));
    process.stdout.write(`${created.token}\n`);
    return;
  }
  if (sub === 'list') {
    const tokens = await withDatabase((db) => new ApiTokens(db.orm).list());
    for (const t of tokens) {
      process.stdout.write(`${t.id}  ${t.prefix}…  ${t.role.padEnd(7)} ${t.ingestOnly ? 'ingest-only ' : ''}${t.revokedAt ? 'REVOKED ' : ''}${t.name}\n`);
    }
    return;
  }
  fail(USAGE);
}

async function user(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'create') fail(USAGE);
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } } });
  const email = values.email?.trim() || fail('--email is required');
  const role = values.role ?? fail(`--role is required (${ROLES.join(', ')})`);
  if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  try {
    const created = await withDatabase((db) => new Users(db.orm).create({ email, role, name: values.name, password: values.password }, 'system'));
    process.stdout.write(created.generatedPassword ? `${created.generatedPassword}\n` : `created ${created.user.email}\n`);
  } catch (err) {
    if (err instanceof UserError) fail(err.message);
    throw err;
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'start': {
      const { runServer } = await import('../../server.ts');
      await runServer();
      return;
    }
    case 'migrate':
      await withDatabase(async () => undefined);
      process.stdout.write('migrations are up to date\n');
      return;
    case 'token':
      await token(args);
      return;
    case 'user':
      await user(args);
      return;
    case 'worker':
      if (!config().REDIS_URL) {
        fail('picket worker consumes the Redis queue of a scale-out deployment: set REDIS_URL. Without it, `picket start` runs every pipeline stage in-process.');
      }
      fail('scale-out workers (BullMQ on REDIS_URL) are not available in this version yet; run `picket start` without REDIS_URL.');
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      fail(`unknown command: ${command}\n\n${USAGE}`);
  }
}
