import crypto from 'node:crypto';

/** What the clients saw: acknowledged ids, answers by status, and any answer that broke the contract. */
export interface LoadReport {
  /** Ids of every event in a 200 answer that accepted the whole batch. */
  acked: Set<string>;
  /** Ids sent in requests that got no answer or a non-200 one (may be missing, never twice). */
  unacked: Set<string>;
  statuses: Map<number, number>;
  /** Requests that died without an answer (server killed, connection refused). */
  noAnswer: number;
  /** Non-200 answers without a JSON error body, or a 503/507 without Retry-After. */
  violations: string[];
  /** Milliseconds since the load started, of each non-200/no-answer and of each 200. */
  failuresAt: number[];
  successesAt: number[];
}

export interface LoadOptions {
  /** Base URL, read before each request: a restarted server may listen on a new port. */
  url: () => string;
  clients: number;
  batch: number;
  tag: string;
  /** Pause after a refused request: an eager shipper, so the server sees many refusals. */
  pauseAfterFailureMs?: number;
}

/**
 * Several shippers posting NDJSON batches of uniquely numbered events, each batch sent once (no
 * retries): every id may be stored at most once, and every acknowledged id exactly once.
 */
export class IngestLoad {
  readonly report: LoadReport = {
    acked: new Set(),
    unacked: new Set(),
    statuses: new Map(),
    noAnswer: 0,
    violations: [],
    failuresAt: [],
    successesAt: [],
  };
  private running = false;
  private workers: Promise<void>[] = [];
  private seq = 0;
  private readonly run = crypto.randomBytes(3).toString('hex');
  private readonly started = Date.now();

  constructor(private readonly opts: LoadOptions) {}

  start(): this {
    this.running = true;
    this.workers = Array.from({ length: this.opts.clients }, () => this.client());
    return this;
  }

  async stop(): Promise<LoadReport> {
    this.running = false;
    await Promise.all(this.workers);
    return this.report;
  }

  /** Resolves once `n` more events are acknowledged (or after `timeoutMs`, returning false). */
  async waitForAcked(n: number, timeoutMs = 30_000): Promise<boolean> {
    const target = this.report.acked.size + n;
    const until = Date.now() + timeoutMs;
    while (this.report.acked.size < target) {
      if (Date.now() > until) return false;
      await sleep(20);
    }
    return true;
  }

  count(status: number): number {
    return this.report.statuses.get(status) ?? 0;
  }

  private async client(): Promise<void> {
    const r = this.report;
    while (this.running) {
      const ids = Array.from({ length: this.opts.batch }, () => `${this.run}-${this.seq++}`);
      const body = ids
        .map((fid) =>
          JSON.stringify({ summary: `fault ${fid}`, category: 'faults', details: { fid }, tags: [this.opts.tag] }),
        )
        .join('\n');
      let ok = false;
      try {
        const res = await fetch(`${this.opts.url()}/events`, {
          method: 'POST',
          body,
          signal: AbortSignal.timeout(60_000),
        });
        r.statuses.set(res.status, (r.statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        if (res.status === 200) {
          const parsed = JSON.parse(text) as { accepted: number };
          if (parsed.accepted === ids.length) {
            for (const id of ids) r.acked.add(id);
            ok = true;
          } else r.violations.push(`200 accepted ${parsed.accepted} of ${ids.length}`);
        } else {
          this.checkError(res, text);
        }
      } catch {
        r.noAnswer++;
      }
      if (ok) r.successesAt.push(Date.now() - this.started);
      else {
        for (const id of ids) r.unacked.add(id);
        r.failuresAt.push(Date.now() - this.started);
        await sleep(this.opts.pauseAfterFailureMs ?? 100);
      }
    }
  }

  private checkError(res: Response, text: string): void {
    const r = this.report;
    let code: unknown;
    try {
      code = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error?.code;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string') r.violations.push(`${res.status} without a JSON error: ${text.slice(0, 200)}`);
    if ((res.status === 503 || res.status === 507) && !(Number(res.headers.get('retry-after')) > 0))
      r.violations.push(`${res.status} without Retry-After`);
    if (res.status !== 503 && res.status !== 507)
      r.violations.push(`unexpected status ${res.status}: ${text.slice(0, 200)}`);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` is true, returning the milliseconds it took, or undefined on timeout. */
export async function timeUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return Date.now() - started;
    await sleep(everyMs);
  }
  return undefined;
}

/** Stored copies per id for one tag: acknowledged ids must be there once, nothing twice. */
export async function storedCounts(
  query: (sql: string, params: unknown[]) => Promise<{ rows: Array<{ fid: string; n: number }> }>,
  tag: string,
): Promise<Map<string, number>> {
  const { rows } = await query(
    `SELECT details->>'fid' AS fid, count(*)::int AS n FROM events WHERE tags @> ARRAY[$1]::text[] GROUP BY 1`,
    [tag],
  );
  return new Map(rows.map((row) => [row.fid, row.n]));
}

/** Problems with the stored rows against what the clients saw; empty when durability held. */
export function durabilityProblems(report: LoadReport, stored: Map<string, number>): string[] {
  const problems: string[] = [];
  let lost = 0;
  for (const id of report.acked) if (stored.get(id) !== 1) lost++;
  if (lost) problems.push(`${lost} acknowledged events missing or duplicated`);
  const twice = [...stored].filter(([, n]) => n > 1);
  if (twice.length) problems.push(`${twice.length} ids stored more than once, e.g. ${twice[0][0]}`);
  const unknown = [...stored.keys()].filter((id) => !report.acked.has(id) && !report.unacked.has(id));
  if (unknown.length) problems.push(`${unknown.length} stored ids no client sent`);
  return problems;
}
