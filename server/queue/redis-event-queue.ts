// Queue mode (REDIS_URL): web processes publish accepted events as BullMQ jobs and answer once Redis
// has them; worker processes consume. Publishes that arrive while an add is in flight ride in the
// next one (group commit, as the in-process queue does), so a busy web process makes few, large jobs.
// Depth is counted in events in one Redis counter shared by the cluster, for backpressure and health.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { PicketEvent } from '../ingest/event.ts';
import { JobQueue, PermanentJobError } from './bullmq-jobs.ts';
import {
  type BatchHandler,
  type DeadLetter,
  type DeadLetterQueue,
  type EventQueue,
  QueueFullError,
  type QueueStatus,
} from './event-queue.ts';

export interface RedisEventQueueOptions {
  url: string;
  /** PICKET_REDIS_PREFIX: every key of this installation starts with it. */
  prefix: string;
  /** PICKET_QUEUE_MAX_DEPTH: events waiting in Redis before publish refuses with QueueFullError. */
  maxDepth: number;
  /** Worker processes: jobs handled at once. */
  concurrency?: number;
  attempts?: number;
  backoffMs?: number;
  lockMs?: number;
  stalledCheckMs?: number;
  /** Events per job at most (a single publish is never split). */
  maxBatch?: number;
  onError?: (err: unknown) => void;
}

interface JobData {
  events: PicketEvent[];
}

interface Waiting {
  events: PicketEvent[];
  resolve: () => void;
  reject: (err: Error) => void;
}

const HEARTBEAT_MS = 15_000;
const WORKER_SEEN_MS = 60_000;

export class RedisEventQueue implements EventQueue {
  readonly mode = 'queue' as const;
  readonly deadLetters: DeadLetterQueue;
  private readonly jobs: JobQueue<JobData>;
  private readonly redis: Redis;
  private readonly waiting: Waiting[] = [];
  private adding: Promise<void> | null = null;
  private lastDepth = 0;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly workerId = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  private readonly maxBatch: number;

  private constructor(private readonly opts: RedisEventQueueOptions) {
    this.jobs = new JobQueue<JobData>({
      url: opts.url,
      prefix: `${opts.prefix}:bull`,
      name: 'events',
      attempts: opts.attempts ?? 5,
      backoffMs: opts.backoffMs ?? 1000,
      lockMs: opts.lockMs,
      stalledCheckMs: opts.stalledCheckMs,
    });
    this.redis = new Redis(opts.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', (err) => opts.onError?.(err));
    this.maxBatch = opts.maxBatch ?? 5000;
    this.deadLetters = new BullDeadLetters(this.jobs, (n) =>
      this.redis.incrby(this.key('depth'), n).then(() => undefined),
    );
  }

  static async connect(opts: RedisEventQueueOptions): Promise<RedisEventQueue> {
    const q = new RedisEventQueue(opts);
    try {
      await q.redis.connect();
      await q.jobs.ready();
    } catch (err) {
      const where = new URL(opts.url);
      where.password = '';
      await q.close().catch(() => undefined);
      throw new Error(`cannot reach Redis at ${where.host} (REDIS_URL): ${(err as Error).message}`);
    }
    return q;
  }

  private key(kind: 'depth' | 'workers'): string {
    return `${this.opts.prefix}:queue:${kind}`;
  }

  publish(events: PicketEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      if (!this.adding) this.adding = this.pump();
    });
  }

  /** Adds what is waiting, as few jobs as fit maxBatch, until nothing waits. */
  private async pump(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const round = this.waiting.splice(0);
        let depth: number;
        try {
          depth = Math.max(0, Number((await this.redis.get(this.key('depth'))) ?? 0));
        } catch (err) {
          for (const w of round) w.reject(err as Error);
          continue;
        }
        this.lastDepth = depth;
        const accepted: Waiting[] = [];
        let total = depth;
        for (const w of round) {
          // An empty queue always takes one request, however large (it cannot get emptier).
          if (total > 0 && total + w.events.length > this.opts.maxDepth)
            w.reject(new QueueFullError(retryAfter(depth, this.opts.maxDepth)));
          else {
            accepted.push(w);
            total += w.events.length;
          }
        }
        if (accepted.length === 0) continue;
        const jobs: Array<{ id: string; data: JobData }> = [];
        let cur: PicketEvent[] = [];
        const push = () => jobs.push({ id: crypto.randomUUID(), data: { events: cur } });
        for (const w of accepted) {
          if (cur.length > 0 && cur.length + w.events.length > this.maxBatch) {
            push();
            cur = [];
          }
          cur = cur.length === 0 ? w.events : cur.concat(w.events);
        }
        push();
        try {
          // Counted first: a worker may finish a job before addBulk returns, and must not drive the counter below zero.
          await this.redis.incrby(this.key('depth'), total - depth);
          try {
            await this.jobs.addMany(jobs);
          } catch (err) {
            await this.redis.decrby(this.key('depth'), total - depth).catch(() => undefined);
            throw err;
          }
          this.lastDepth = total;
          for (const w of accepted) w.resolve();
        } catch (err) {
          for (const w of accepted) w.reject(err as Error);
        }
      }
    } finally {
      this.adding = null;
    }
  }

  process(handler: BatchHandler): void {
    this.jobs.consume(
      async (data, job) => {
        const events = validJobEvents(data);
        await handler(events, { id: job.id });
        await this.redis.decrby(this.key('depth'), events.length).catch((err) => this.opts.onError?.(err));
      },
      this.opts.concurrency ?? 4,
      {
        onFinalFailure: (data) => {
          const n = Array.isArray(data?.events) ? data.events.length : 0;
          if (n) void this.redis.decrby(this.key('depth'), n).catch((err) => this.opts.onError?.(err));
        },
        onError: (err) => this.opts.onError?.(err),
      },
    );
    const beat = () =>
      void this.redis.zadd(this.key('workers'), Date.now(), this.workerId).catch((err) => this.opts.onError?.(err));
    beat();
    this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  pending(): number {
    return this.lastDepth;
  }

  async drain(): Promise<void> {
    while (this.adding) await this.adding;
    if (!this.jobs.consuming) return;
    // A consumer drains the cluster's queue (tests, one-box flush): wait until nothing waits or runs.
    for (;;) {
      const c = await this.jobs.counts();
      if (c.waiting + c.active + c.delayed === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async status(): Promise<QueueStatus> {
    const now = Date.now();
    const [counts, depthRaw, workers] = await Promise.all([
      this.jobs.counts(),
      this.redis.get(this.key('depth')),
      this.redis
        .zremrangebyscore(this.key('workers'), 0, now - WORKER_SEEN_MS)
        .then(() => this.redis.zcard(this.key('workers'))),
    ]);
    let depth = Math.max(0, Number(depthRaw ?? 0));
    // The counter can drift when a process dies between a job's end and its decrement: an empty queue resets it.
    if (counts.waiting + counts.active + counts.delayed === 0 && depth !== 0) {
      await this.redis.set(this.key('depth'), '0');
      depth = 0;
    }
    this.lastDepth = depth;
    return {
      mode: 'queue',
      depth,
      deadLetters: counts.failed,
      workers,
      consuming: this.jobs.consuming,
      warnings: await this.persistenceWarnings(),
    };
  }

  private aofChecked: { at: number; warnings: string[] } | undefined;

  /** Acknowledged events live only in Redis until a worker stores them: without an append-only file a Redis restart loses them. */
  private async persistenceWarnings(): Promise<string[]> {
    if (this.aofChecked && Date.now() - this.aofChecked.at < 30_000) return this.aofChecked.warnings;
    const info = await this.redis.info('persistence');
    const aof = /^aof_enabled:(\d)/m.exec(info)?.[1];
    const warnings =
      aof === '1'
        ? []
        : [
            'Redis runs without appendonly: events acknowledged to shippers and still in the queue are lost if Redis restarts (set appendonly yes, see docs/architecture.md)',
          ];
    this.aofChecked = { at: Date.now(), warnings };
    return warnings;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.adding) await this.adding;
    clearInterval(this.heartbeat);
    if (this.jobs.consuming) await this.redis.zrem(this.key('workers'), this.workerId).catch(() => undefined);
    await this.jobs.close();
    this.redis.disconnect();
  }

  /** Tests: drop every key of this queue. */
  async destroy(): Promise<void> {
    await this.jobs.obliterate();
    await this.redis.del(this.key('depth'), this.key('workers'));
  }
}

/** Seconds to suggest: about how long workers need to make room, between 1 and 30. */
function retryAfter(depth: number, max: number): number {
  return Math.min(30, Math.max(1, Math.ceil((depth / Math.max(1, max)) * 5)));
}

/** A job's payload as a worker trusts it: anything else is poison, parked without retries. */
function validJobEvents(data: unknown): PicketEvent[] {
  const events = (data as JobData | null)?.events;
  if (!Array.isArray(events) || events.length === 0) throw new PermanentJobError('malformed batch: no events array');
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Partial<PicketEvent> | null;
    if (
      !e ||
      typeof e !== 'object' ||
      typeof e.id !== 'string' ||
      typeof e.utctimestamp !== 'string' ||
      !Number.isFinite(Date.parse(e.utctimestamp)) ||
      typeof e.receivedtimestamp !== 'string' ||
      typeof e.details !== 'object' ||
      !Array.isArray(e.tags)
    ) {
      throw new PermanentJobError(`malformed batch: event ${i} is not a normalized event`);
    }
  }
  return events;
}

class BullDeadLetters implements DeadLetterQueue {
  constructor(
    private readonly jobs: JobQueue<JobData>,
    private readonly addDepth: (n: number) => Promise<void>,
  ) {}

  async count(): Promise<number> {
    return (await this.jobs.counts()).failed;
  }

  async list(limit: number): Promise<DeadLetter[]> {
    return (await this.jobs.failed(limit)).map((j) => ({
      id: j.id,
      events: Array.isArray(j.data?.events) ? j.data.events.length : 0,
      firstError: j.firstError,
      lastError: j.lastError,
      attempts: j.attempts,
      failedAt: j.failedAt,
    }));
  }

  async requeue(id: string): Promise<boolean> {
    const job = await this.jobs.failedOne(id);
    if (!job) return false;
    const n = Array.isArray(job.data?.events) ? job.data.events.length : 0;
    if (!(await this.jobs.retryFailed(id))) return false;
    await this.addDepth(n);
    return true;
  }

  discard(id: string): Promise<boolean> {
    return this.jobs.removeFailed(id);
  }
}
