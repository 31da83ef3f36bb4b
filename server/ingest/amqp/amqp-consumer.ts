// MozDef's message-queue input: loginput published each event as JSON to the durable direct
// exchange `eventtask`, bound to a queue of the same name, and esworker consumed it. Picket
// consumes the same queue when AMQP_URL is set. A message is acknowledged only after its event is
// durable; a malformed one is rejected without requeue (to the operator's dead-letter exchange, if
// the queue has one); when the pipeline refuses work, the batch is requeued after a pause.
// The only file that imports amqplib.
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import type { IngestService } from '../ingest-service.ts';
import type { BodyItem } from '../parse-body.ts';
import type { Logger } from '../../logger.ts';

export interface AmqpStats {
  received: number;
  accepted: number;
  rejected: number;
  requeued: number;
  connected: boolean;
}

export interface AmqpOptions {
  url: string;
  /** Exchange, queue and routing key: MozDef used one name for all three. */
  queue: string;
  /** Unacknowledged messages held at once (one batch at most this big). */
  prefetch?: number;
}

const BATCH_DELAY_MS = 20;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

export class AmqpConsumer {
  readonly stats: AmqpStats = { received: 0, accepted: 0, rejected: 0, requeued: 0, connected: false };
  private conn: ChannelModel | undefined;
  private channel: Channel | undefined;
  private batch: ConsumeMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private working: Promise<void> = Promise.resolve();
  private stopping = false;
  private retryMs = RETRY_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private lastProblem: string | undefined;

  constructor(
    private readonly ingest: IngestService,
    private readonly log: Logger,
    private readonly opts: AmqpOptions,
  ) {}

  /** Connects and consumes; if the broker is down it keeps retrying in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  private problem(message: string): void {
    if (message !== this.lastProblem)
      this.log.warn({ err: message, retryInMs: this.retryMs }, 'amqp input unavailable, retrying');
    this.lastProblem = message;
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    try {
      const conn = await amqp.connect(this.opts.url);
      conn.on('error', () => undefined);
      conn.on('close', () => this.onClosed('connection closed'));
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      const q = this.opts.queue;
      await ch.assertExchange(q, 'direct', { durable: true });
      await ch.assertQueue(q, { durable: true });
      await ch.bindQueue(q, q, q);
      await ch.prefetch(this.opts.prefetch ?? 500);
      this.conn = conn;
      this.channel = ch;
      await ch.consume(q, (m) => m && this.onMessage(m), { noAck: false });
      this.stats.connected = true;
      this.retryMs = RETRY_MIN_MS;
      this.log.info({ queue: q, recovered: this.lastProblem !== undefined }, 'amqp input consuming');
      this.lastProblem = undefined;
    } catch (err) {
      this.problem((err as Error).message);
      this.scheduleReconnect();
    }
  }

  private onClosed(why: string): void {
    this.stats.connected = false;
    this.channel = undefined;
    this.conn = undefined;
    // Unacknowledged messages go back to the queue by themselves when the channel dies.
    this.batch = [];
    if (this.stopping) return;
    this.problem(why);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopping || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }

  private onMessage(m: ConsumeMessage): void {
    this.stats.received++;
    this.batch.push(m);
    if (this.batch.length >= (this.opts.prefetch ?? 500)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const msgs = this.batch;
    this.batch = [];
    if (msgs.length === 0) return;
    const ch = this.channel;
    this.working = this.working.then(() => (ch ? this.store(ch, msgs) : undefined));
  }

  private async store(ch: Channel, msgs: ConsumeMessage[]): Promise<void> {
    const items: BodyItem[] = msgs.map((m) => {
      try {
        return { ok: true, value: JSON.parse(m.content.toString('utf8')) as unknown };
      } catch (err) {
        return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
      }
    });
    let rejected: Set<number>;
    try {
      const r = await this.ingest.ingest(items, 'amqp');
      rejected = new Set(r.rejected.map((x) => x.index));
      this.stats.accepted += r.accepted;
      this.stats.rejected += r.rejected.length;
      if (r.rejected.length)
        this.log.warn({ rejected: r.rejected.length, example: r.rejected[0].error }, 'amqp messages rejected');
    } catch (err) {
      // Not stored: hold the batch back a moment (the pipeline is full or its store is down), then requeue.
      this.problem(`events not stored: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, this.retryMs));
      this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
      this.stats.requeued += msgs.length;
      for (const m of msgs) this.safely(() => ch.nack(m, false, true));
      return;
    }
    this.retryMs = RETRY_MIN_MS;
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i];
      this.safely(() => (rejected.has(i) ? ch.nack(m, false, false) : ch.ack(m)));
    }
  }

  /** A channel that closed meanwhile has already returned its messages to the queue. */
  private safely(f: () => void): void {
    try {
      f();
    } catch {
      // ignored: see above
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    this.flush();
    await this.working;
    await this.channel?.close().catch(() => undefined);
    await this.conn?.close().catch(() => undefined);
    this.stats.connected = false;
  }
}
