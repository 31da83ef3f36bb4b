// Presence shared by every web process through Redis (scale-out mode). Per topic a hash
// (connectionId → entry JSON); one sorted set holds every entry's expiry as its score, so the
// sweep is a range read of what is due (no KEYS/SCAN) and a dead process's entries lapse without
// it. Times come from Redis (TIME), so processes whose clocks disagree still agree on expiry.
import { Redis } from 'ioredis';
import type { PresenceEntry, PresenceKey, PresenceStore, StoredPresence, TopicChange } from './presence-store.ts';

// Shared Lua: Redis's clock in ms, and "expire the key no sooner than twice ttl from now", so a
// key with entries of several processes (or TTLs) outlives its longest-lived entry and a sweep
// still finds what lapsed; keys also vanish on their own when no process is left to sweep.
const LIB = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function extend(key, ttl)
  if redis.call('PTTL', key) < 2 * ttl then redis.call('PEXPIRE', key, 2 * ttl) end
end
local VERSION_TTL = 86400000
`;

// KEYS: hash, expiries, version. ARGV: connectionId, json, ttl, member.
const PUT = `${LIB}
local ttl = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[4])
extend(KEYS[1], ttl)
extend(KEYS[2], ttl)
local v = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], VERSION_TTL)
return v`;

// KEYS: hash, expiries, version. ARGV: connectionId, member.
const REMOVE = `${LIB}
redis.call('ZREM', KEYS[2], ARGV[2])
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
local v = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], VERSION_TTL)
return v`;

// KEYS: expiries. ARGV: ttl, hash prefix, then topic/connectionId pairs. Returns the missing pairs.
const TOUCH = `${LIB}
local ttl = tonumber(ARGV[1])
local missing = {}
for i = 3, #ARGV, 2 do
  local hash = ARGV[2] .. ARGV[i]
  local member = ARGV[i] .. '\\n' .. ARGV[i + 1]
  local score = redis.call('ZSCORE', KEYS[1], member)
  if score and tonumber(score) > now and redis.call('HEXISTS', hash, ARGV[i + 1]) == 1 then
    redis.call('ZADD', KEYS[1], now + ttl, member)
    extend(hash, ttl)
  else
    table.insert(missing, ARGV[i])
    table.insert(missing, ARGV[i + 1])
  end
end
extend(KEYS[1], ttl)
return missing`;

// KEYS: hash, expiries. ARGV: topic. Returns json/expiry pairs of the live entries.
const LIST = `${LIB}
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local score = redis.call('ZSCORE', KEYS[2], ARGV[1] .. '\\n' .. all[i])
  if score and tonumber(score) > now then
    table.insert(out, all[i + 1])
    table.insert(out, score)
  end
end
return out`;

// KEYS: expiries. ARGV: hash prefix, version prefix, limit. Returns {due count, {topic, version, ...}}.
const SWEEP = `${LIB}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local seen, order = {}, {}
for _, m in ipairs(due) do
  local nl = string.find(m, '\\n', 1, true)
  local topic, id = string.sub(m, 1, nl - 1), string.sub(m, nl + 1)
  redis.call('HDEL', ARGV[1] .. topic, id)
  if redis.call('ZREM', KEYS[1], m) == 1 and not seen[topic] then
    seen[topic] = true
    table.insert(order, topic)
  end
end
local out = {}
for _, topic in ipairs(order) do
  table.insert(out, topic)
  table.insert(out, redis.call('INCR', ARGV[2] .. topic))
  redis.call('PEXPIRE', ARGV[2] .. topic, VERSION_TTL)
end
return {#due, out}`;

const SCRIPTS = {
  presencePut: [3, PUT],
  presenceRemove: [3, REMOVE],
  presenceTouch: [1, TOUCH],
  presenceList: [2, LIST],
  presenceSweep: [1, SWEEP],
} as const;
type Script = keyof typeof SCRIPTS;
const SWEEP_BATCH = 500;

export interface RedisPresenceStoreOptions {
  url: string;
  /** Key namespace, e.g. "<PICKET_REDIS_PREFIX>:presence". */
  prefix: string;
  onError?: (err: unknown) => void;
}

export class RedisPresenceStore implements PresenceStore {
  readonly kind = 'redis';
  private closed = false;

  private constructor(
    private readonly cmd: Redis,
    private readonly prefix: string,
  ) {
    for (const [name, [numberOfKeys, lua]] of Object.entries(SCRIPTS)) cmd.defineCommand(name, { numberOfKeys, lua });
  }

  static async connect(opts: RedisPresenceStoreOptions): Promise<RedisPresenceStore> {
    const cmd = new Redis(opts.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    cmd.on('error', (err: unknown) => opts.onError?.(err));
    await cmd.connect().catch((err: Error) => {
      const where = new URL(opts.url);
      where.password = '';
      cmd.disconnect();
      throw new Error(`cannot reach Redis at ${where.host} (REDIS_URL): ${err.message}`);
    });
    return new RedisPresenceStore(cmd, opts.prefix);
  }

  async put(topic: string, entry: PresenceEntry, ttlMs: number): Promise<TopicChange> {
    const version = await this.run(
      'presencePut',
      this.hash(topic),
      this.expiries,
      this.version(topic),
      entry.connectionId,
      JSON.stringify(entry),
      ttl(ttlMs),
      member(topic, entry.connectionId),
    );
    return { topic, version: Number(version) };
  }

  async remove(topic: string, connectionId: string): Promise<TopicChange | null> {
    const version = Number(
      await this.run(
        'presenceRemove',
        this.hash(topic),
        this.expiries,
        this.version(topic),
        connectionId,
        member(topic, connectionId),
      ),
    );
    return version > 0 ? { topic, version } : null;
  }

  async touch(keys: readonly PresenceKey[], ttlMs: number): Promise<PresenceKey[]> {
    if (keys.length === 0) return [];
    const pairs = keys.flatMap((k) => [k.topic, k.connectionId]);
    const missing = (await this.run(
      'presenceTouch',
      this.expiries,
      ttl(ttlMs),
      `${this.prefix}:t:`,
      ...pairs,
    )) as string[];
    const out: PresenceKey[] = [];
    for (let i = 0; i < missing.length; i += 2) out.push({ topic: missing[i], connectionId: missing[i + 1] });
    return out;
  }

  async list(topic: string): Promise<StoredPresence[]> {
    const raw = (await this.run('presenceList', this.hash(topic), this.expiries, topic)) as string[];
    const out: StoredPresence[] = [];
    for (let i = 0; i < raw.length; i += 2)
      out.push({ ...(JSON.parse(raw[i]) as PresenceEntry), expiresAt: new Date(Number(raw[i + 1])).toISOString() });
    return out;
  }

  async sweep(): Promise<TopicChange[]> {
    const changed = new Map<string, number>();
    for (;;) {
      const [due, flat] = (await this.run(
        'presenceSweep',
        this.expiries,
        `${this.prefix}:t:`,
        `${this.prefix}:v:`,
        String(SWEEP_BATCH),
      )) as [number, (string | number)[]];
      for (let i = 0; i < flat.length; i += 2) changed.set(String(flat[i]), Number(flat[i + 1]));
      if (due < SWEEP_BATCH) break;
    }
    return [...changed].map(([topic, version]) => ({ topic, version }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.cmd.quit().catch(() => this.cmd.disconnect());
  }

  private get expiries(): string {
    return `${this.prefix}:exp`;
  }

  private hash(topic: string): string {
    return `${this.prefix}:t:${topic}`;
  }

  private version(topic: string): string {
    return `${this.prefix}:v:${topic}`;
  }

  private run(script: Script, ...args: string[]): Promise<unknown> {
    return (this.cmd as unknown as Record<Script, (...a: string[]) => Promise<unknown>>)[script](...args);
  }
}

function member(topic: string, connectionId: string): string {
  return `${topic}\n${connectionId}`;
}

function ttl(ms: number): string {
  return String(Math.max(1, Math.round(ms)));
}
