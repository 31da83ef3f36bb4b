import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { ApiTokens } from '../auth/api-tokens.ts';
import { isRole, ROLES } from '../auth/permissions.ts';
import { UserError, Users } from '../auth/users.ts';
import { createLogger, resolveLogFormat } from '../logger.ts';

const USAGE = `usage: picket <command>

  start [--with-worker] [--concurrency N] build if needed, migrate, serve UI + API + ingest
                                          (queue mode: --with-worker also consumes the queue here)
  migrate                                 apply database migrations and exit
  token create --role R --name N [--ingest-only]
                                          create an API token; prints only the token
  token list                              list tokens (never their values)
  user create --email E --role R [--name N] [--password P]
                                          create a user; prints a generated password if none given
  worker [--concurrency N]                consume the Redis queue: normalize, enrich, store, alert
                                          (scale-out, needs REDIS_URL; default concurrency 4)
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const cfg = config();
  // Logs go to stderr so that stdout carries only the command's answer (scripts capture it).
  const log = createLogger(
    cfg.PICKET_LOG_LEVEL === 'info' ? 'warn' : cfg.PICKET_LOG_LEVEL,
    resolveLogFormat(cfg.PICKET_LOG_FORMAT),
  );
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
    const { values } = parseArgs({
      args: rest,
      options: { role: { type: 'string' }, name: { type: 'string' }, 'ingest-only': { type: 'boolean' } },
    });
    const role = values.role ?? fail(`--role is required (${ROLES.join(', ')})`);
    if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    const name = values.name?.trim() || fail('--name is required');
    const created = await withDatabase((db) =>
      new ApiTokens(db.orm).create({ name, role, ingestOnly: values['ingest-only'] ?? false, actor: 'system' }),
    );
    process.stdout.write(`${created.token}\n`);
    return;
  }
  if (sub === 'list') {
    const tokens = await withDatabase((db) => new ApiTokens(db.orm).list());
    for (const t of tokens) {
      process.stdout.write(
        `${t.id}  ${t.prefix}…  ${t.role.padEnd(7)} ${t.ingestOnly ? 'ingest-only ' : ''}${t.revokedAt ? 'REVOKED ' : ''}${t.name}\n`,
      );
    }
    return;
  }
  fail(USAGE);
}

async function user(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'create') fail(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const email = values.email?.trim() || fail('--email is required');
  const role = values.role ?? fail(`--role is required (${ROLES.join(', ')})`);
  if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  try {
    const created = await withDatabase((db) =>
      new Users(db.orm).create({ email, role, name: values.name, password: values.password }, 'system'),
    );
    process.stdout.write(
      created.generatedPassword ? `${created.generatedPassword}\n` : `created ${created.user.email}\n`,
    );
  } catch (err) {
    if (err instanceof UserError) fail(err.message);
    throw err;
  }
}

function concurrencyOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) fail('--concurrency must be a whole number from 1 to 256');
  return n;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'start': {
      const { values } = parseArgs({
        args,
        options: { 'with-worker': { type: 'boolean' }, concurrency: { type: 'string' } },
      });
      const { runServer } = await import('../../server.ts');
      await runServer({ withWorker: values['with-worker'] ?? false, concurrency: concurrencyOf(values.concurrency) });
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
        fail(
          'picket worker consumes the Redis queue of a scale-out deployment: set REDIS_URL. Without it, `picket start` runs every pipeline stage in-process.',
        );
      }
      if (!config().DATABASE_URL) {
        fail(
          "picket worker stores into the cluster's Postgres: set DATABASE_URL (the embedded database belongs to one `picket start`; on one machine use `picket start --with-worker`).",
        );
      }
      {
        const { values } = parseArgs({ args, options: { concurrency: { type: 'string' } } });
        const { runWorker } = await import('../workers/worker-process.ts');
        await runWorker(config(), { concurrency: concurrencyOf(values.concurrency) ?? 4 });
      }
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
