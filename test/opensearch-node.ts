// A real OpenSearch node for the search-engine store suites: the launcher under
// test/opensearch-node is built with Maven (offline once its jars are in ~/.m2) and run in a JVM on
// loopback. No Java or Maven: the suites skip with a message, unless PICKET_REQUIRE_OPENSEARCH is
// set (.ci/run sets it), where a node that cannot start fails the run instead of skipping.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const DIR = path.resolve(import.meta.dirname, 'opensearch-node');
const JAR = path.join(DIR, 'target', 'opensearch-node-1.jar');
const LOCK = path.join(DIR, 'target.lock');
const START_TIMEOUT_MS = 180_000;

export const requireOpenSearch = ['1', 'true'].includes(process.env.PICKET_REQUIRE_OPENSEARCH ?? '');
/** A cluster named by the environment: the suites then run against it as well. */
export const externalUrls = {
  opensearch: process.env.OPENSEARCH_URL || undefined,
  elasticsearch: process.env.ELASTICSEARCH_URL || undefined,
};

export interface OpenSearchNode {
  url: string;
  stop(): Promise<void>;
}

function has(cmd: string, arg: string): boolean {
  return spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
}

/** Why no node can run here, or null when Java and Maven are present. */
export function missingTools(): string | null {
  if (!has('java', '-version')) return 'java is not installed (apt-get install openjdk-17-jre-headless)';
  if (!has('mvn', '-v') && !fs.existsSync(JAR)) return 'maven is not installed (apt-get install maven)';
  return null;
}

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

async function withLock<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than the timeout was left by a killed run.
      if (Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > START_TIMEOUT_MS)
        fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds the launcher unless the jar is newer than its sources (offline first, then resolving once). */
export async function buildLauncher(): Promise<void> {
  await withLock(() => {
    const sources = Math.max(newest(path.join(DIR, 'src')), fs.statSync(path.join(DIR, 'pom.xml')).mtimeMs);
    if (fs.existsSync(path.join(DIR, 'target', 'lib')) && fs.existsSync(JAR) && fs.statSync(JAR).mtimeMs >= sources)
      return;
    const args = ['-q', '-B', '-f', path.join(DIR, 'pom.xml'), 'package', '-DskipTests'];
    let r = spawnSync('mvn', ['-o', ...args], { encoding: 'utf8' });
    if (r.status !== 0) r = spawnSync('mvn', args, { encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`building the OpenSearch launcher failed:\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
  });
}

export async function startOpenSearchNode(): Promise<OpenSearchNode> {
  await buildLauncher();
  const cp = `${JAR}${path.delimiter}${path.join(DIR, 'target', 'lib', '*')}`;
  const child = spawn(
    'java',
    ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', cp, 'picket.OpenSearchTestNode'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`OpenSearch did not start within ${START_TIMEOUT_MS} ms:\n${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /OPENSEARCH_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`OpenSearch exited with code ${code} before serving:\n${stderr}`));
    });
  }).catch((err) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    url,
    async stop() {
      // Closing stdin is the launcher's signal to stop and delete its data directory.
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
