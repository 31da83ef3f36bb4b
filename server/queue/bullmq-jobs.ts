// The only file that imports bullmq: a small typed wrapper (producer, consumer, failed set used as
// the dead-letter queue, repeatable jobs) that the event queue and the cluster alert stream share.
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';

export interface JobQueueOptions {
  url: string;
  /** Redis key prefix (PICKET_REDIS_PREFIX + ':bull'). */
  prefix: string;
  name: string;
  /** Attempts before a job is parked in the failed set (the dead-letter queue). */
  attempts: number;
  /** First retry delay; doubles per attempt. */
  backoffMs: number;
  /** A worker that stops renewing its lock this long is presumed dead and its job is redelivered. */
  lockMs?: number;
  /** How often workers look for jobs whose lock lapsed. */
  stalledCheckMs?: number;
}

export interface JobInfo {
  id: string;
  attemptsMade: number;
}

export interface FailedJob<T> {
  id: string;
  data: T;
  firstError: string;
  lastError: string;
  attempts: number;
  failedAt: string;
}

/** Thrown by a handler when retrying cannot help (malformed payload): the job goes straight to the failed set. */
export class PermanentJobError extends Error {}

export type JobCounts = { waiting: number; active: number; delayed: number; failed: number };

export class JobQueue<T> {
  private readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(private readonly opts: JobQueueOptions) {
    this.queue = new Queue(opts.name, {
      prefix: opts.prefix,
      // Producers fail fast while Redis is away: ingest answers 503 rather than holding requests.
      connection: { url: opts.url, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      defaultJobOptions: {
        attempts: opts.attempts,
        backoff: { type: 'exponential', delay: opts.backoffMs },
        // Completed ids stay an hour so a redelivered producer add with the same id is a no-op.
        removeOnComplete: { age: 3600, count: 100_000 },
        removeOnFail: false,
      },
    });
    this.queue.on('error', () => undefined);
  }

  ready(): Promise<void> {
    return this.queue.waitUntilReady();
  }

  async add(data: T, jobId?: string): Promise<void> {
    await this.queue.add('batch', data, jobId ? { jobId } : {});
  }

  /**
   * Ids chosen by the caller: when Redis dies between applying an add and answering, the client
   * sends the command again after reconnecting, and the same ids make that second add a no-op.
   */
  async addMany(items: Array<{ id: string; data: T }>): Promise<void> {
    await this.queue.addBulk(items.map(({ id, data }) => ({ name: 'batch', data, opts: { jobId: id } })));
  }

  /** Starts consuming in this process. `onFinalFailure` runs once a job lands in the failed set. */
  consume(
    handler: (data: T, job: JobInfo) => Promise<void>,
    concurrency: number,
    hooks: { onFinalFailure?: (data: T) => void; onError?: (err: Error) => void } = {},
  ): void {
    if (this.worker) throw new Error(`already consuming ${this.opts.name}`);
    this.worker = new Worker(
      this.opts.name,
      async (job: Job) => {
        try {
          await handler(job.data as T, { id: String(job.id), attemptsMade: job.attemptsMade });
        } catch (err) {
          if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
          throw err;
        }
      },
      {
        prefix: this.opts.prefix,
        concurrency,
        connection: { url: this.opts.url, maxRetriesPerRequest: null },
        lockDuration: this.opts.lockMs ?? 15_000,
        stalledInterval: this.opts.stalledCheckMs ?? 5000,
        // A job whose worker died twice goes to the failed set rather than round forever.
        maxStalledCount: 2,
      },
    );
    this.worker.on('error', (err) => hooks.onError?.(err));
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const final =
        err instanceof UnrecoverableError ||
        err.name === 'UnrecoverableError' ||
        job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) hooks.onFinalFailure?.(job.data as T);
    });
  }

  get consuming(): boolean {
    return this.worker !== undefined;
  }

  /** Stops taking jobs; the ones running finish first. */
  async stopConsuming(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.close();
  }

  async counts(): Promise<JobCounts> {
    const c = await this.queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'failed');
    return {
      waiting: (c.wait ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async failed(limit: number): Promise<Array<FailedJob<T>>> {
    const jobs = await this.queue.getFailed(0, Math.max(0, limit - 1));
    return jobs.filter((j): j is Job => j !== undefined && j !== null).map((j) => toFailed<T>(j));
  }

  async failedOne(id: string): Promise<FailedJob<T> | undefined> {
    const j = await this.queue.getJob(id);
    if (!j || !(await j.isFailed())) return undefined;
    return toFailed<T>(j);
  }

  /** A failed job back to waiting, with a fresh set of attempts. */
  async retryFailed(id: string): Promise<boolean> {
    const j = await this.queue.getJob(id);
    if (!j || !(await j.isFailed())) return false;
    await j.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  async removeFailed(id: string): Promise<boolean> {
    const j = await this.queue.getJob(id);
    if (!j || !(await j.isFailed())) return false;
    await j.remove();
    return true;
  }

  /** One job every `everyMs` for the whole cluster, however many processes call this. */
  async schedule(schedulerId: string, everyMs: number, data: T): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      { name: schedulerId, data, opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
  }

  async close(): Promise<void> {
    await this.stopConsuming();
    await this.queue.close();
  }

  /** Tests: removes every key of this queue. */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }
}

function toFailed<T>(j: Job): FailedJob<T> {
  const first = (j.stacktrace ?? [])[0]?.split('\n')[0] ?? j.failedReason ?? '';
  return {
    id: String(j.id),
    data: j.data as T,
    firstError: first.replace(/^(Unrecoverable)?Error: /, '') || j.failedReason,
    lastError: j.failedReason ?? '',
    attempts: j.attemptsMade,
    failedAt: new Date(j.finishedOn ?? j.processedOn ?? j.timestamp).toISOString(),
  };
}
