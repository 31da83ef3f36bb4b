// Syslog input on PICKET_SYSLOG_PORT, UDP and TCP. Messages are batched into the same
// IngestService as HTTP, so normalization, enrichment and the durable queue are shared.
// TCP gets real backpressure: a connection stops being read while its batch is being stored.
// UDP has no way to push back: when the pipeline refuses, datagrams are dropped and counted.
import dgram from 'node:dgram';
import net from 'node:net';
import type { IngestService } from '../ingest-service.ts';
import type { BodyItem } from '../parse-body.ts';
import type { Logger } from '../../logger.ts';
import { parseSyslog } from './parse-syslog.ts';
import { TcpFramer } from './tcp-framing.ts';

export interface SyslogStats {
  received: number;
  accepted: number;
  rejected: number;
  /** UDP datagrams lost because the pipeline refused or failed (nothing else is ever dropped). */
  dropped: number;
  /** Datagrams and connections from sources outside the allowed CIDRs, or speaking HTTP. */
  refused: number;
}

const BATCH_MAX = 500;
const BATCH_DELAY_MS = 20;
// Reject reasons are logged with their count at most this often: a broken sender must not flood the log.
const REJECT_LOG_MS = 10_000;
const HTTP_REQUEST_LINE = /^[A-Z]{3,10} \S+ HTTP\/\d/;

interface Pending {
  items: BodyItem[];
  done: Array<() => void>;
}

export class SyslogListener {
  readonly stats: SyslogStats = { received: 0, accepted: 0, rejected: 0, dropped: 0, refused: 0 };
  private udp: dgram.Socket | undefined;
  private tcp: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private udpBatch: Pending = { items: [], done: [] };
  private udpTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private lastRejectLog = 0;
  private rejectsSinceLog = 0;
  private lastError: string | undefined;

  private lastRefusalLog = 0;

  constructor(
    private readonly ingest: IngestService,
    private readonly log: Logger,
    /** Sources whose messages are read; syslog carries no credentials, so the address is all there is. */
    private readonly allowed: { contains(ip: string): boolean },
  ) {}

  private refuse(peer: string, why: string): void {
    this.stats.refused++;
    const now = Date.now();
    if (now - this.lastRefusalLog < REJECT_LOG_MS) return;
    this.lastRefusalLog = now;
    this.log.warn({ peer, why, refusedSoFar: this.stats.refused }, 'syslog source refused');
  }

  /** Binds UDP and TCP on the same port; resolves with the bound port (0 picks a free one for both). */
  async start(port: number, host: string): Promise<number> {
    this.tcp = net.createServer((sock) => this.onConnection(sock));
    await new Promise<void>((resolve, reject) => {
      this.tcp!.once('error', reject);
      this.tcp!.listen(port, host, () => resolve());
    });
    const bound = (this.tcp.address() as net.AddressInfo).port;
    this.udp = dgram.createSocket({
      type: net.isIPv6(host) || host === '::' ? 'udp6' : 'udp4',
      recvBufferSize: 4 * 1024 * 1024,
    });
    this.udp.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo.address));
    this.udp.on('error', (err) => this.log.warn({ err: err.message }, 'syslog udp socket error'));
    await new Promise<void>((resolve, reject) => {
      this.udp!.once('error', reject);
      this.udp!.bind(bound, host, () => resolve());
    });
    this.log.info({ port: bound }, 'syslog listening (udp and tcp)');
    return bound;
  }

  private item(message: string, peer: string): BodyItem {
    this.stats.received++;
    const r = parseSyslog(message, new Date(), peer);
    return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
  }

  private onDatagram(msg: Buffer, peer: string): void {
    if (!this.allowed.contains(peer)) {
      this.refuse(peer, 'outside PICKET_SYSLOG_ALLOWED_CIDRS');
      return;
    }
    // One datagram is one message (RFC 5426); some senders still end it with LF.
    this.udpBatch.items.push(this.item(msg.toString('utf8'), peer));
    if (this.udpBatch.items.length >= BATCH_MAX) this.flushUdp();
    else this.udpTimer ??= setTimeout(() => this.flushUdp(), BATCH_DELAY_MS);
  }

  private flushUdp(): void {
    clearTimeout(this.udpTimer);
    this.udpTimer = undefined;
    const batch = this.udpBatch;
    this.udpBatch = { items: [], done: [] };
    if (batch.items.length) this.track(this.store(batch.items, 'udp'));
  }

  private onConnection(sock: net.Socket): void {
    const peer = sock.remoteAddress ?? '';
    if (!this.allowed.contains(peer)) {
      this.refuse(peer, 'outside PICKET_SYSLOG_ALLOWED_CIDRS');
      sock.destroy();
      return;
    }
    this.sockets.add(sock);
    const framer = new TcpFramer();
    let busy: Promise<void> = Promise.resolve();
    let first = true;
    const take = (frames: ReturnType<TcpFramer['push']>) => {
      if (frames.length === 0) return;
      // A web page can make a browser on an allowed host POST to this port; its request line gives it away.
      if (first && frames[0].ok && HTTP_REQUEST_LINE.test(frames[0].message)) {
        this.refuse(peer, 'an HTTP request, not syslog');
        sock.destroy();
        return;
      }
      first = false;
      const items = frames.map((f) =>
        f.ok ? this.item(f.message, peer) : (this.stats.received++, { ok: false as const, error: f.error }),
      );
      // Stop reading until this batch is stored: the sender's TCP window does the waiting.
      sock.pause();
      busy = busy.then(async () => {
        for (let i = 0; i < items.length; i += BATCH_MAX) await this.store(items.slice(i, i + BATCH_MAX), 'tcp');
        if (!sock.destroyed) sock.resume();
      });
      this.track(busy);
    };
    sock.on('data', (chunk) => take(framer.push(chunk)));
    sock.on('end', () => {
      take(framer.end());
      sock.end();
    });
    sock.on('error', () => undefined);
    sock.on('close', () => this.sockets.delete(sock));
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Never throws: a refused batch is counted and logged once per state change, not per message. */
  private async store(items: BodyItem[], via: 'udp' | 'tcp'): Promise<void> {
    try {
      const r = await this.ingest.ingest(items, `syslog-${via}`);
      this.stats.accepted += r.accepted;
      this.stats.rejected += r.rejected.length;
      if (this.lastError) {
        this.log.info({ via }, 'syslog input stores events again');
        this.lastError = undefined;
      }
      if (r.rejected.length) this.noteRejects(r.rejected.length, r.rejected[0].error);
    } catch (err) {
      // UDP cannot be asked to resend; TCP connections were paused, so their senders keep the rest.
      this.stats.dropped += items.length;
      const message = (err as Error).message;
      if (message !== this.lastError)
        this.log.warn({ via, err: message, lost: items.length }, 'syslog batch not stored');
      this.lastError = message;
    }
  }

  private noteRejects(n: number, example: string): void {
    this.rejectsSinceLog += n;
    const now = Date.now();
    if (now - this.lastRejectLog < REJECT_LOG_MS) return;
    this.log.warn({ rejected: this.rejectsSinceLog, example }, 'syslog messages rejected');
    this.lastRejectLog = now;
    this.rejectsSinceLog = 0;
  }

  /** Stops listening, then waits for what was received to be stored. */
  async stop(): Promise<void> {
    this.flushUdp();
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()));
    const closed = new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    for (const s of this.sockets) s.end();
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
