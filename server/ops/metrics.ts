// The one owner of Prometheus metrics: every metric Picket exposes is defined here, under a name in
// METRIC (names are a contract with dashboards and alert rules: add, never rename). The rest of
// the code records through the small methods below; gauges read their value from a source at
// scrape time, so nothing is polled between scrapes. Each Picket instance has its own registry
// (tests run several in one process); the Node process metrics live in one registry per process.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Rejection } from '../ingest/event.ts';
import { rejectionReason } from '../ingest/rejection-reason.ts';
import type { HealthReport } from './health-registry.ts';

export const METRIC = {
  ingestAccepted: 'picket_ingest_events_accepted_total',
  ingestRejected: 'picket_ingest_events_rejected_total',
  ingestRefused: 'picket_ingest_requests_refused_total',
  queueDepth: 'picket_queue_depth',
  storeDuration: 'picket_store_operation_duration_seconds',
  alertLatency: 'picket_alert_latency_seconds',
  websocketClients: 'picket_websocket_clients',
  outboxDepth: 'picket_notification_outbox_depth',
  dependencyUp: 'picket_dependency_up',
  dependencyLatency: 'picket_dependency_latency_seconds',
  buildInfo: 'picket_build_info',
} as const;

/** Where the gauges read from. Set by whoever owns the thing measured (the ws endpoint starts after the services). */
export interface MetricSources {
  /** The queue really in use: its mode label and how many events wait in it. */
  queue: { mode: string; depth(): number | Promise<number> };
  websocketClients: () => number;
  /** Outbox rows still to send, by status. */
  outboxDepth: () => Promise<Partial<Record<'pending' | 'sending', number>>>;
  health: () => Promise<HealthReport>;
}

/** What the ingest paths record: accepted events (durable), rejected events by reason, refused requests by error code. */
export interface IngestMetrics {
  accepted(input: string, n: number): void;
  rejected(input: string, rejections: readonly Rejection[]): void;
  refused(input: string, code: string): void;
}

export type StoreOp = 'write' | 'search' | 'aggregate' | 'histogram' | 'get';

let processRegistry: Registry | undefined;

/** Node's own metrics (CPU, memory, event loop lag, GC): once per process, they observe the process. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class PicketMetrics implements IngestMetrics {
  readonly registry = new Registry();
  private sources: Partial<MetricSources> = {};
  private readonly acceptedCounter: Counter<'input'>;
  private readonly rejectedCounter: Counter<'input' | 'reason'>;
  private readonly refusedCounter: Counter<'input' | 'code'>;
  private readonly storeHistogram: Histogram<'store' | 'op' | 'outcome'>;
  private readonly alertHistogram: Histogram;
  /** Bound children per input: the ingest hot path does one Map lookup and an add. */
  private readonly acceptedByInput = new Map<string, Counter.Internal>();

  constructor(version: string) {
    processMetrics();
    const registers = [this.registry];
    this.acceptedCounter = new Counter({
      name: METRIC.ingestAccepted,
      help: 'Events accepted and durable, by input (ingest path, syslog, amqp)',
      labelNames: ['input'],
      registers,
    });
    this.rejectedCounter = new Counter({
      name: METRIC.ingestRejected,
      help: 'Events rejected by index in an answered request, by input and reason',
      labelNames: ['input', 'reason'],
      registers,
    });
    this.refusedCounter = new Counter({
      name: METRIC.ingestRefused,
      help: 'Ingest requests refused whole (nothing stored), by input and error code, e.g. unauthorized, bad_request, queue_full',
      labelNames: ['input', 'code'],
      registers,
    });
    this.storeHistogram = new Histogram({
      name: METRIC.storeDuration,
      help: 'Event store operations (write = one committed batch), by store, operation and outcome',
      labelNames: ['store', 'op', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.alertHistogram = new Histogram({
      name: METRIC.alertLatency,
      help: 'From the arrival of the event that completed an alert to the alert being committed',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    const self = this;
    new Gauge({
      name: METRIC.queueDepth,
      help: 'Events waiting in the queue in use (in-process: accepted, not yet committed), by queue mode',
      labelNames: ['mode'],
      registers,
      async collect() {
        this.reset();
        const q = self.sources.queue;
        const depth = q
          ? await Promise.resolve()
              .then(() => q.depth())
              .catch(() => undefined)
          : undefined;
        if (q && depth !== undefined) this.set({ mode: q.mode }, depth);
      },
    });
    new Gauge({
      name: METRIC.websocketClients,
      help: 'Open /api/ws connections on this process',
      registers,
      collect() {
        this.reset();
        const n = self.sources.websocketClients?.();
        if (n !== undefined) this.set(n);
      },
    });
    new Gauge({
      name: METRIC.outboxDepth,
      help: 'Alert notifications waiting to be sent, by status (pending, sending); shared by the whole installation',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const src = self.sources.outboxDepth;
        if (!src) return;
        // A failed read leaves the series absent rather than stale (alert on absent()).
        const depth = await src().catch(() => undefined);
        if (depth) for (const status of ['pending', 'sending'] as const) this.set({ status }, depth[status] ?? 0);
      },
    });
    // Both read the same health check: the registry runs one for concurrent callers.
    const dependencies = async () =>
      Object.entries((await self.sources.health?.().catch(() => undefined))?.dependencies ?? {});
    new Gauge({
      name: METRIC.dependencyUp,
      help: '1 when the dependency answered its last health probe and is ok, else 0',
      labelNames: ['dependency'],
      registers,
      async collect() {
        this.reset();
        for (const [name, d] of await dependencies()) this.set({ dependency: name }, d.status === 'ok' ? 1 : 0);
      },
    });
    new Gauge({
      name: METRIC.dependencyLatency,
      help: 'Round trip of the last health probe of the dependency (absent when it did not answer in time)',
      labelNames: ['dependency'],
      registers,
      async collect() {
        this.reset();
        for (const [name, d] of await dependencies())
          if (d.latencyMs !== null) this.set({ dependency: name }, d.latencyMs / 1000);
      },
    });
    new Gauge({
      name: METRIC.buildInfo,
      help: 'Always 1; the version label says what is running',
      labelNames: ['version'],
      registers,
    }).set({ version }, 1);
  }

  setSources(sources: Partial<MetricSources>): void {
    this.sources = { ...this.sources, ...sources };
  }

  accepted(input: string, n: number): void {
    if (n === 0) return;
    let child = this.acceptedByInput.get(input);
    if (!child) {
      child = this.acceptedCounter.labels(input);
      this.acceptedByInput.set(input, child);
    }
    child.inc(n);
  }

  rejected(input: string, rejections: readonly Rejection[]): void {
    for (const r of rejections) this.rejectedCounter.inc({ input, reason: rejectionReason(r.error) });
  }

  refused(input: string, code: string): void {
    this.refusedCounter.inc({ input, code });
  }

  observeStore(store: string, op: StoreOp, seconds: number, ok: boolean): void {
    this.storeHistogram.observe({ store, op, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  observeAlertLatency(seconds: number): void {
    this.alertHistogram.observe(Math.max(0, seconds));
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text: this instance's metrics, then the process's. */
  async render(): Promise<string> {
    const [own, proc] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own.trimEnd()}\n${proc.trimEnd()}\n`;
  }
}
