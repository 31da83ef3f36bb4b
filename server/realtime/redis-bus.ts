// The only file that talks to Redis for realtime fan-out (scale-out mode). Several web processes
// and workers share one sequence space per topic, so a browser resuming on another process gets
// exactly what it missed.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import {
  type Bus,
  type Change,
  type ChangeHandler,
  changesSince,
  type SequencedChange,
  type SinceResult,
  Subscribers,
} from './bus.ts';

// Sequence, backlog and fan-out in one atomic step, so seq order = log order = delivery order.
// The epoch key is re-created if Redis lost its data (it keeps nothing on disk here): sequence
// numbers restart then, and cursors from before must be recognised as stale.
const PUBLISH = `
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[4]
  redis.call('SET', KEYS[1], epoch)
end
local seq = redis.call('INCR', KEYS[2])
local msg = cjson.encode({e = epoch, id = ARGV[1], v = tonumber(ARGV[2]), s = seq})
redis.call('RPUSH', KEYS[3], msg)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[3]), -1)
redis.call('PUBLISH', KEYS[4], msg)
return epoch`;

const SINCE = `
return {redis.call('GET', KEYS[1]) or '0', redis.call('LRANGE', KEYS[2], 0, -1)}`;

interface Wire {
  e: string;
  id: string;
  v: number;
  s: number;
}

interface TopicState {
  subscribers: Subscribers;
  /** Last seq delivered to local handlers; a jump means pub/sub dropped messages (reconnect). */
  last: number | undefined;
  /** Epoch of `last`: seqs from another epoch are not comparable. */
  epoch: string;
  /** Deliveries run in order, including the backlog reads that fill a gap. */
  chain: Promise<void>;
}

export interface RedisBusOptions {
  url: string;
  /** Key namespace, so several installations (or test runs) can share one Redis. */
  prefix?: string;
  window?: number;
  onError?: (err: unknown) => void;
}

export class RedisBus implements Bus {
  private currentEpoch = '';
  private readonly topics = new Map<string, TopicState>();
  private readonly prefix: string;
  private readonly window: number;
  private closed = false;

  private constructor(
    private readonly cmd: Redis,
    private readonly sub: Redis,
    private readonly opts: RedisBusOptions,
  ) {
    this.prefix = opts.prefix ?? 'picket:bus';
    this.window = opts.window ?? 1000;
  }

  /** Connects both clients and subscribes once to every topic, so subscribe() is synchronous. */
  static async connect(opts: RedisBusOptions): Promise<RedisBus> {
    const common = { lazyConnect: true, maxRetriesPerRequest: 3 } as const;
    const bus = new RedisBus(new Redis(opts.url, common), new Redis(opts.url, common), opts);
    await bus.start();
    return bus;
  }

  get epoch(): string {
    return this.currentEpoch;
  }

  private key(kind: 'epoch' | 'seq' | 'log' | 'ch', topic = ''): string {
    return kind === 'epoch' ? `${this.prefix}:epoch` : `${this.prefix}:${kind}:${topic}`;
  }

  private async start(): Promise<void> {
    const report = (err: unknown) => this.opts.onError?.(err);
    this.cmd.on('error', report);
    this.sub.on('error', report);
    await Promise.all([this.cmd.connect(), this.sub.connect()]).catch((err: Error) => {
      const where = new URL(this.opts.url);
      where.password = '';
      this.cmd.disconnect();
      this.sub.disconnect();
      throw new Error(`cannot reach Redis at ${where.host} (REDIS_URL): ${err.message}`);
    });
    await this.cmd.set(this.key('epoch'), crypto.randomBytes(6).toString('hex'), 'NX');
    this.currentEpoch = (await this.cmd.get(this.key('epoch'))) ?? '';
    this.sub.on('pmessage', (_pattern: string, channel: string, raw: string) =>
      this.onMessage(channel.slice(this.key('ch').length), raw),
    );
    // ioredis re-subscribes after a reconnect; messages published meanwhile are recovered from the log.
    await this.sub.psubscribe(`${this.key('ch')}*`);
  }

  async publish(change: Change): Promise<void> {
    if (this.closed) return;
    const t = change.topic;
    const epoch = (await this.cmd.eval(
      PUBLISH,
      4,
      this.key('epoch'),
      this.key('seq', t),
      this.key('log', t),
      this.key('ch', t),
      change.id,
      String(change.version),
      String(this.window),
      crypto.randomBytes(6).toString('hex'),
    )) as string;
    this.currentEpoch = epoch;
  }

  subscribe(topic: string, handler: ChangeHandler): () => void {
    return this.topic(topic).subscribers.add(handler);
  }

  async since(topic: string, seq: number): Promise<SinceResult> {
    const [headRaw, log] = (await this.cmd.eval(SINCE, 2, this.key('seq', topic), this.key('log', topic))) as [
      string,
      string[],
    ];
    return changesSince(
      seq,
      Number(headRaw),
      log.map((raw) => toChange(topic, JSON.parse(raw) as Wire)),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.topics.values()) t.subscribers.clear();
    await Promise.allSettled([this.sub.quit(), this.cmd.quit()]);
  }

  private topic(name: string): TopicState {
    let t = this.topics.get(name);
    if (!t) {
      t = { subscribers: new Subscribers(), last: undefined, epoch: '', chain: Promise.resolve() };
      this.topics.set(name, t);
    }
    return t;
  }

  private onMessage(topic: string, raw: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(raw) as Wire;
    } catch (err) {
      this.opts.onError?.(err);
      return;
    }
    this.currentEpoch = wire.e;
    const t = this.topic(topic);
    t.chain = t.chain
      .then(() => this.deliver(topic, t, wire.e, toChange(topic, wire)))
      .catch((err) => this.opts.onError?.(err));
  }

  private async deliver(topic: string, t: TopicState, epoch: string, c: SequencedChange): Promise<void> {
    // Redis lost its data and sequences restarted: count again from here.
    if (epoch !== t.epoch) [t.last, t.epoch] = [undefined, epoch];
    // Already delivered while filling a gap.
    if (t.last !== undefined && c.seq <= t.last) return;
    if (t.last !== undefined && c.seq > t.last + 1) {
      const missed = await this.since(topic, t.last);
      if (missed.kind === 'ok') for (const m of missed.changes) if (m.seq < c.seq) this.emit(t, m);
    }
    this.emit(t, c);
  }

  private emit(t: TopicState, c: SequencedChange): void {
    t.last = c.seq;
    t.subscribers.deliver(c, this.opts.onError);
  }
}

function toChange(topic: string, w: Wire): SequencedChange {
  return { topic, id: w.id, version: w.v, seq: w.s };
}
