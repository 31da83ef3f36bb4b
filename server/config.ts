import path from 'node:path';
import { z } from 'zod';
import { IDENTITY_ROLE_MAP, parseRoleMap, type RoleMap } from './auth/oidc-role-map.ts';
import { parseCidrList } from './net/ip.ts';

// The only reader of process.env: everything else receives a typed Config.
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PICKET_DATA_DIR: z.string().default('./.picket'),
  DATABASE_URL: optionalString,
  REDIS_URL: optionalString,
  // Namespace for Picket's Redis keys and channels, so installations (or test runs) can share a Redis.
  PICKET_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default('picket'),
  // Events in Elasticsearch or OpenSearch instead of Postgres (one of the two).
  ELASTICSEARCH_URL: optionalString,
  OPENSEARCH_URL: optionalString,
  AMQP_URL: optionalString,
  // MozDef's exchange, queue and routing key (one name for all three, as loginput and esworker used it).
  PICKET_AMQP_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,200}$/)
    .default('eventtask'),
  // Syslog input (UDP and TCP on the same port); 0 picks a free port (tests). Unset: off.
  PICKET_SYSLOG_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // Syslog has no authentication: only these sources are read (default: PICKET_INGEST_TRUSTED_CIDRS).
  PICKET_SYSLOG_ALLOWED_CIDRS: optionalString,
  PICKET_ADMIN_EMAIL: z.string().default('admin@localhost'),
  PICKET_ADMIN_PASSWORD: optionalString,
  PICKET_ADMIN_TOKEN: optionalString,
  PICKET_INGEST_TRUSTED_CIDRS: z.string().default('127.0.0.0/8,::1'),
  // Reverse proxies whose X-Forwarded-For is believed (CIDRs); none by default.
  PICKET_TRUSTED_PROXIES: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      try {
        parseCidrList(v.split(','));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  // Sources that may read /metrics and /api/health's error texts without a token (empty: token only).
  // Separate from ingest: shipper networks are rarely the monitoring network.
  PICKET_METRICS_TRUSTED_CIDRS: z.string().default('127.0.0.0/8,::1'),
  PICKET_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(90),
  // Events further than this in the future are rejected: usually a unit or timezone bug at the source.
  PICKET_MAX_FUTURE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 60),
  // Queue mode (REDIS_URL): events waiting in Redis for a worker before ingest answers 503 + Retry-After.
  PICKET_QUEUE_MAX_DEPTH: z.coerce.number().int().min(1000).default(500_000),
  // Embedded mode: events waiting for enrichment + commit before ingest answers 503.
  PICKET_INGEST_MAX_PENDING: z.coerce.number().int().min(1000).default(200_000),
  // API/ingest-only processes skip the web UI (no Next build or render).
  PICKET_UI: z
    .enum(['true', 'false', '1', '0', 'on', 'off'])
    .default('true')
    .transform((v) => v === 'true' || v === '1' || v === 'on'),
  // Test-only probes rendered on real pages (the realtime change feed the browser tests read); off in production.
  PICKET_DEV_PROBES: z
    .enum(['true', 'false', '1', '0', 'on', 'off'])
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'on'),
  PICKET_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // auto: coloured human-readable lines when stdout is a terminal, JSON lines otherwise (collectors, files).
  PICKET_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  // Largest evidence file. Files stream to POST …/evidence/files; text artifacts and base64 files in
  // JSON stay under the 2 MiB API body cap whatever this says (server/cases/evidence-files.ts).
  PICKET_EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  PICKET_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  // Time limit of every search a user shapes (explorer, REST reads, dashboards): Postgres cancels it past this.
  PICKET_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  // Shorter limit for searches with a leading wildcard or a regex (they read every event of the
  // range): answered, or refused with a message saying why, within about 2 s.
  PICKET_PATTERN_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(1800),
  // How often deadman rules are checked (and idle alert windows swept).
  PICKET_ALERT_TICK_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  /** Alert notifications: first retry delay (doubles per attempt, capped at 1 h) and attempts before "failed". */
  PICKET_NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  PICKET_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  // Notification targets (webhooks, SMTP) may be loopback, private, link-local or metadata addresses.
  PICKET_NOTIFY_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0', 'on', 'off'])
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'on'),
  // Presence entries lapse this long after their process's last heartbeat (sent every third of it).
  PICKET_PRESENCE_TTL_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  // Where operators deploy code rules (*.ts); default <PICKET_DATA_DIR>/rules.
  PICKET_CODE_RULES_DIR: optionalString,
  // Sigma placeholder values (%Administrators%… for |expand), a YAML file read at start; default <PICKET_DATA_DIR>/sigma-placeholders.yml.
  PICKET_SIGMA_PLACEHOLDERS: optionalString,
  // Where operators deploy enrichment plugins (*.ts, *.js); default <PICKET_DATA_DIR>/plugins, "off" for none.
  PICKET_PLUGINS_DIR: optionalString,
  // MozDef's /ipdshieldquery asks DShield (e.g. https://isc.sans.edu/api/ip/); off unless set: no outbound calls by default.
  PICKET_DSHIELD_API_URL: optionalString.pipe(
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  ),
  NEXTAUTH_SECRET: optionalString,
  // New OAuth/OIDC users get this role, or are refused with `none`.
  PICKET_OAUTH_DEFAULT_ROLE: z.enum(['viewer', 'analyst', 'none']).default('viewer'),
  NEXTAUTH_URL: optionalString,
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  GOOGLE_ID: optionalString,
  GOOGLE_SECRET: optionalString,
  OIDC_ISSUER: optionalString,
  OIDC_ID: optionalString,
  OIDC_SECRET: optionalString,
  // Scopes asked of the OIDC provider; some send groups only for an extra scope (e.g. `groups`).
  PICKET_OIDC_SCOPES: z
    .string()
    .default('openid email profile')
    .refine((v) => v.split(/\s+/).includes('openid'), 'must include openid'),
  // The ID-token/userinfo claim that carries the user's groups or roles (e.g. `groups`,
  // `realm_access.roles`); when set, every OIDC sign-in re-applies the role it maps to.
  PICKET_OIDC_ROLE_CLAIM: optionalString,
  // `group=role,...,*=role`; unset with a claim: the claim's values are Picket role names.
  PICKET_OIDC_ROLE_MAP: optionalString.transform((v, ctx): RoleMap | undefined => {
    if (v === undefined) return undefined;
    try {
      return parseRoleMap(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  // The operator's word that the OIDC provider only issues addresses it controls (e.g. a corporate
  // directory that sends no email_verified claim): its emails then count as verified.
  PICKET_OIDC_TRUST_EMAIL: z
    .enum(['true', 'false', '1', '0', 'on', 'off'])
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'on'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  dataDir: string;
  codeRulesDir: string;
  /** The Sigma placeholders file (it need not exist: then no placeholder is defined). */
  sigmaPlaceholdersFile: string;
  /** Admin enrichment plugins; null when PICKET_PLUGINS_DIR is "off". */
  pluginsDir: string | null;
  trustedCidrs: string[];
  trustedProxies: string[];
  metricsTrustedCidrs: string[];
  syslogAllowedCidrs: string[];
  dev: boolean;
  /** OIDC groups → role, when PICKET_OIDC_ROLE_CLAIM is set. */
  oidcRoles?: { claim: string; map: RoleMap };
}

function cidrList(s: string): string[] {
  return s
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.ELASTICSEARCH_URL && e.OPENSEARCH_URL) {
    throw new Error(
      'Invalid environment:\n  ELASTICSEARCH_URL and OPENSEARCH_URL are both set; events go to one engine: keep one',
    );
  }
  if (e.PICKET_OIDC_ROLE_MAP && !e.PICKET_OIDC_ROLE_CLAIM)
    throw new Error(
      'Invalid environment:\n  PICKET_OIDC_ROLE_MAP needs PICKET_OIDC_ROLE_CLAIM (the claim whose values it maps)',
    );
  return {
    ...e,
    dataDir: path.resolve(e.PICKET_DATA_DIR),
    codeRulesDir: path.resolve(e.PICKET_CODE_RULES_DIR ?? path.join(e.PICKET_DATA_DIR, 'rules')),
    sigmaPlaceholdersFile: path.resolve(
      e.PICKET_SIGMA_PLACEHOLDERS ?? path.join(e.PICKET_DATA_DIR, 'sigma-placeholders.yml'),
    ),
    pluginsDir:
      e.PICKET_PLUGINS_DIR === 'off'
        ? null
        : path.resolve(e.PICKET_PLUGINS_DIR ?? path.join(e.PICKET_DATA_DIR, 'plugins')),
    trustedCidrs: cidrList(e.PICKET_INGEST_TRUSTED_CIDRS),
    trustedProxies: cidrList(e.PICKET_TRUSTED_PROXIES),
    metricsTrustedCidrs: cidrList(e.PICKET_METRICS_TRUSTED_CIDRS),
    syslogAllowedCidrs: cidrList(e.PICKET_SYSLOG_ALLOWED_CIDRS ?? e.PICKET_INGEST_TRUSTED_CIDRS),
    dev: e.NODE_ENV === 'development',
    oidcRoles: e.PICKET_OIDC_ROLE_CLAIM
      ? { claim: e.PICKET_OIDC_ROLE_CLAIM, map: e.PICKET_OIDC_ROLE_MAP ?? IDENTITY_ROLE_MAP }
      : undefined,
  };
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Environment for child processes we spawn (next build): ours plus overrides. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/**
 * next-auth reads its settings from the environment itself. Without NEXTAUTH_URL, trust the Host
 * header for its callback URLs (a self-hosted app rarely knows its public URL); set NEXTAUTH_URL
 * in production behind a proxy.
 */
export function configureAuthLibraryEnv(cfg: Config, secret: string): void {
  process.env.NEXTAUTH_SECRET = secret;
  // A Config may come from another source than process.env (tests, the CLI): next-auth must see the same URL.
  if (cfg.NEXTAUTH_URL) process.env.NEXTAUTH_URL = cfg.NEXTAUTH_URL;
  else process.env.AUTH_TRUST_HOST = 'true';
}
