// The deployment files in deploy/ cannot be run here (no container registry, no systemd as PID 1),
// so this checks what can be checked: they parse, they say what docs/deploy.md promises, and every
// setting they pass is one Picket's configuration accepts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../server/config.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEPLOY = path.join(ROOT, 'deploy');
const read = (name: string) => fs.readFileSync(path.join(DEPLOY, name), 'utf8');

/** Compose's ${VAR:?message} and ${VAR:-default} with the values a user's deploy/.env would give. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z_]+)(?::([?-])([^}]*))?\}/g,
    (_, name: string, op?: string, text?: string) => env[name] ?? (op === '-' ? (text ?? '') : ''),
  );
}

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas: number };
};

describe('deploy/compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };

  it('is valid YAML with Postgres, Redis (append-only), web and worker from this repository, and nginx in front', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['lb', 'postgres', 'redis', 'web', 'worker']);
    const { postgres, redis, web, worker, lb } = compose.services;
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(redis.image).toMatch(/^redis:\d+/);
    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    expect(redis.command?.join(' ')).toContain('--maxmemory-policy noeviction');
    for (const role of [web, worker]) {
      expect(role.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
      expect(fs.existsSync(path.join(DEPLOY, role.build!.context, role.build!.dockerfile))).toBe(true);
      expect(role.deploy?.replicas).toBeGreaterThanOrEqual(2);
    }
    expect(web.command).toEqual(['start']);
    expect(worker.command?.[0]).toBe('worker');
    expect(lb.image).toMatch(/^nginx:/);
    expect(lb.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(Object.keys(compose.volumes).sort()).toEqual(['pgdata', 'redisdata']);
    // The optional OpenSearch service is there, commented out.
    expect(read('compose.yaml')).toMatch(/^ {2}# opensearch:\n {2}# {3}image: opensearchproject\/opensearch:/m);
  });

  it('passes the web and worker processes settings Picket accepts', () => {
    const env = Object.fromEntries(
      Object.entries(compose.services.web.environment!).map(([k, v]) => [
        k,
        interpolate(String(v), { POSTGRES_PASSWORD: 'pw', NEXTAUTH_SECRET: 'a'.repeat(64) }),
      ]),
    );
    expect(compose.services.worker.environment).toEqual(compose.services.web.environment);
    const cfg = loadConfig({ NODE_ENV: 'production', ...env });
    expect(cfg.DATABASE_URL).toBe('postgres://picket:pw@postgres:5432/picket');
    expect(cfg.REDIS_URL).toBe('redis://redis:6379');
    expect(cfg.NEXTAUTH_SECRET).toBe('a'.repeat(64));
    expect(cfg.trustedCidrs).toEqual([]);
    expect(cfg.metricsTrustedCidrs).toEqual([]);
  });
});

describe('deploy/picket.env.example', () => {
  it('holds only settings Picket accepts', () => {
    const env: Record<string, string> = {};
    for (const line of read('picket.env.example').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) env[m[1]] = m[2];
    }
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'NEXTAUTH_SECRET', 'PICKET_METRICS_TRUSTED_CIDRS']),
    );
    const cfg = loadConfig({ NODE_ENV: 'production', ...env });
    expect(cfg.metricsTrustedCidrs).toEqual(['10.20.0.0/24']);
  });
});

describe('deploy/nginx.conf', () => {
  it('upgrades /api/ws to a websocket and keeps /metrics off the load balancer', () => {
    const conf = read('nginx.conf');
    const ws = /location = \/api\/ws \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(ws).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(ws).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(conf).toContain('proxy_http_version 1.1;');
    expect(conf).toMatch(/location = \/metrics \{\s*return 404;/);
    expect(conf).toContain('client_max_body_size 11m;');
  });
});

describe('deploy/*.service (systemd)', () => {
  const units = { 'picket-web.service': 'start', 'picket-worker@.service': 'worker' };

  it('run the right role as a dedicated user from the environment file, restart on failure, hardened', () => {
    for (const [unit, role] of Object.entries(units)) {
      const text = read(unit);
      for (const line of [
        'User=picket',
        'EnvironmentFile=/etc/picket/picket.env',
        'Restart=on-failure',
        'NoNewPrivileges=yes',
        'ProtectSystem=strict',
        'ProtectHome=yes',
        'PrivateTmp=yes',
        'CapabilityBoundingSet=',
      ]) {
        expect(text, `${unit}: ${line}`).toMatch(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      }
      // The young-generation size is a node flag, so it sits before the script (docs/performance.md).
      expect(text).toMatch(
        new RegExp(`^ExecStart=/usr/bin/node --max-semi-space-size=32 bin/picket\\.mjs ${role}\\b`, 'm'),
      );
    }
  });

  const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => fs.existsSync(p));
  it.runIf(analyze)('pass systemd-analyze verify without a warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picket-units-'));
    try {
      // A template is verified through an instance of it.
      const files = Object.keys(units).map((unit) => {
        const target = path.join(dir, unit.replace('@.', '@1.'));
        fs.copyFileSync(path.join(DEPLOY, unit), target);
        return target;
      });
      for (const file of files) {
        const { stdout, stderr } = await promisify(execFile)(analyze!, ['verify', file]);
        expect(`${stdout}${stderr}`.trim(), file).toBe('');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
