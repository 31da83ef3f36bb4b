import type { Logger } from '../logger.ts';
import { outageCause, type OutageKind } from './pg-errors.ts';

/** Where callers report database errors; true when the error was an outage (logged once here, not by the caller). */
export interface OutageSink {
  absorb(err: unknown): boolean;
}

export interface DatabaseHealthOptions {
  log: Logger;
  /** A cheap query; while the database is unreachable it runs every probeMs until it succeeds. */
  probe: () => Promise<unknown>;
  probeMs?: number;
  /** Called when an outage starts (the embedded supervisor checks the server at once). */
  onDown?: () => void;
  now?: () => number;
}

export interface DatabaseHealthSnapshot {
  state: 'ok' | OutageKind;
  /** When the current outage started (ms epoch); null while ok. */
  since: number | null;
  /** Requests answered 503/507 during the current outage. */
  refused: number;
}

/**
 * The database as the rest of the process sees it. An outage is logged once when it starts and
 * once when it ends, with how long it lasted and how many requests were refused meanwhile,
 * instead of a stack trace per refused request. An unreachable server counts as back when the
 * probe answers; a full disk when a write succeeds again (reads keep working while it is full).
 */
export class DatabaseHealth implements OutageSink {
  private kind: OutageKind | undefined;
  private since = 0;
  private refusals = 0;
  private probing: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly opts: DatabaseHealthOptions) {
    this.now = opts.now ?? Date.now;
  }

  absorb(err: unknown): boolean {
    const cause = outageCause(err);
    if (!cause) return false;
    this.down(cause.kind, cause.error);
    return true;
  }

  /** A request refused because of the outage `err` shows; undefined when err is no outage (the caller logs it). */
  refuse(err: unknown): OutageKind | undefined {
    const cause = outageCause(err);
    if (!cause) return undefined;
    this.down(cause.kind, cause.error);
    this.refusals++;
    return cause.kind;
  }

  /**
   * A write went through. That ends a full disk, which the probe cannot see; an unreachable
   * server is left to the probe, because a backend outliving its killed postmaster may still
   * finish a write that was under way.
   */
  wrote(): void {
    if (this.kind === 'disk full') this.up();
  }

  snapshot(): DatabaseHealthSnapshot {
    return { state: this.kind ?? 'ok', since: this.kind ? this.since : null, refused: this.kind ? this.refusals : 0 };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.probing);
  }

  private down(kind: OutageKind, err: Error): void {
    if (this.kind === kind) return;
    const first = this.kind === undefined;
    this.kind = kind;
    if (first) {
      this.since = this.now();
      this.refusals = 0;
    }
    if (first || kind === 'unreachable') this.opts.onDown?.();
    this.opts.log.error(
      { reason: err.message, code: (err as { code?: unknown }).code },
      kind === 'disk full' ? 'postgres disk full: writes refused' : 'postgres unavailable',
    );
    this.scheduleProbe();
  }

  private up(): void {
    const seconds = Math.round((this.now() - this.since) / 100) / 10;
    this.opts.log.info(
      { downSeconds: seconds, refused: this.refusals, was: this.kind },
      `postgres back after ${seconds}s, refused ${this.refusals} request${this.refusals === 1 ? '' : 's'}`,
    );
    this.kind = undefined;
    clearTimeout(this.probing);
    this.probing = undefined;
  }

  private scheduleProbe(): void {
    if (this.probing || this.closed) return;
    this.probing = setTimeout(() => void this.runProbe(), this.opts.probeMs ?? 1000);
    this.probing.unref();
  }

  private async runProbe(): Promise<void> {
    this.probing = undefined;
    if (!this.kind || this.closed) return;
    try {
      await this.opts.probe();
      // A full disk still answers SELECT 1: only a successful write ends that outage.
      if (this.kind === 'unreachable') return this.up();
    } catch (err) {
      const cause = outageCause(err);
      if (cause?.kind === 'unreachable') this.down('unreachable', cause.error);
    }
    this.scheduleProbe();
  }
}
