// Queue mode: one alert engine for the whole cluster. Workers hand every stored batch to a BullMQ
// stream (`alerts`, job id = the batch id, so a redelivered batch is added once); exactly one
// process — the holder of a Redis lock — runs the engine and consumes that stream one job at a time,
// so each rule sees every event once and its windows count across all web processes and workers.
// Deadman checks and window sweeps are a repeatable job on the same stream: one run per interval for
// the cluster. When the holder dies its lock lapses, another worker takes over, rebuilds the windows
// from the store (minus events that already fed alerts) and continues where the stream stands.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { PicketEvent } from '../ingest/event.ts';
import type { Logger } from '../logger.ts';
import { JobQueue } from '../queue/bullmq-jobs.ts';
import type { AlertEngine } from './alert-engine.ts';

type AlertJob = { events: PicketEvent[] } | { tick: true };

// Renew the lock well inside its lifetime; a holder that cannot renew steps down before it lapses.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface ClusterEngineOptions {
  url: string;
  prefix: string;
  tickMs: number;
  /** How long a silent holder keeps the engine before another process may take it. */
  lockMs?: number;
}

/** The producer side, in every worker: stored batches go to the cluster's alert stream. */
export class AlertStream {
  readonly jobs: JobQueue<AlertJob>;

  constructor(opts: { url: string; prefix: string; lockMs?: number }) {
    this.jobs = new JobQueue<AlertJob>({
      url: opts.url,
      prefix: `${opts.prefix}:bull`,
      name: 'alerts',
      attempts: 5,
      backoffMs: 1000,
      lockMs: opts.lockMs ?? 15_000,
      stalledCheckMs: 5000,
    });
  }

  /** Resolves once Redis has the batch; the same batch id twice is one job. */
  add(events: PicketEvent[], batchId: string): Promise<void> {
    return this.jobs.add({ events }, `b-${batchId}`);
  }

  close(): Promise<void> {
    return this.jobs.close();
  }
}

/** In each worker: competes for the engine lock; while it holds it, runs the engine on the stream. */
export class ClusterEngine {
  private readonly redis: Redis;
  private readonly token = `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  private readonly lockMs: number;
  private leading = false;
  private lastRenewed = 0;
  private timer: NodeJS.Timeout | undefined;
  private transition: Promise<void> = Promise.resolve();
  private closed = false;
  /** Times this process became the engine (tests, health). */
  terms = 0;

  constructor(
    private readonly engine: AlertEngine,
    private readonly stream: AlertStream,
    private readonly opts: ClusterEngineOptions,
    private readonly log: Logger,
  ) {
    this.lockMs = opts.lockMs ?? 15_000;
    this.redis = new Redis(opts.url, { maxRetriesPerRequest: 1 });
    this.redis.on('error', (err) => log.debug({ err: err.message }, 'engine lock connection error'));
  }

  private get key(): string {
    return `${this.opts.prefix}:alerts:engine-lock`;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    const every = Math.max(200, Math.floor(this.lockMs / 3));
    const step = () => {
      this.transition = this.transition
        .then(() => this.step())
        .catch((err) => this.log.error({ err }, 'alert engine leadership step failed'));
    };
    step();
    this.timer = setInterval(step, every);
    this.timer.unref();
  }

  private async step(): Promise<void> {
    if (this.closed) return;
    if (this.leading) {
      let renewed = false;
      try {
        renewed = (await this.redis.eval(RENEW, 1, this.key, this.token, String(this.lockMs))) === 1;
        if (renewed) this.lastRenewed = Date.now();
      } catch {
        // Redis unreachable: keep the engine until the lock could have lapsed, then step down.
        renewed = Date.now() - this.lastRenewed < this.lockMs * 0.8;
      }
      if (!renewed) await this.stepDown('lock lost');
      return;
    }
    const got = await this.redis.set(this.key, this.token, 'PX', this.lockMs, 'NX').catch(() => null);
    if (got !== 'OK') return;
    this.lastRenewed = Date.now();
    this.leading = true;
    this.terms++;
    try {
      await this.engine.start();
      await this.stream.jobs.schedule('engine-tick', this.opts.tickMs, { tick: true });
      this.stream.jobs.consume(
        async (job) => {
          if ('tick' in job) {
            this.engine.tick();
            return;
          }
          this.engine.onStored(job.events);
          // The job ends once its alerts are committed: a holder that dies before leaves it to the next.
          await this.engine.drainWrites();
        },
        1,
        { onError: (err) => this.log.warn({ err: err.message }, 'alert stream consumer error') },
      );
      this.log.info({ term: this.terms }, 'this process runs the alert engine for the cluster');
    } catch (err) {
      this.log.error({ err }, 'starting the cluster alert engine failed');
      await this.stepDown('start failed');
    }
  }

  private async stepDown(reason: string): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    if (reason === 'shutdown') this.log.info('this process stops running the alert engine (shutdown)');
    else this.log.warn({ reason }, 'this process stops running the alert engine');
    await this.stream.jobs.stopConsuming().catch(() => undefined);
    await this.engine.stop().catch(() => undefined);
    await this.redis.eval(RELEASE, 1, this.key, this.token).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.transition;
    await this.stepDown('shutdown');
    this.closed = true;
    this.redis.disconnect();
  }
}
