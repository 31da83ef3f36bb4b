// Load generation over node:http with a keep-alive Agent: lighter on the shared 2 cores than
// fetch/undici, and one socket per client so "N concurrent clients" means N connections.
import http from 'node:http';

export interface HttpResult {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  ms: number;
}

export class HttpClient {
  readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets: number) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<HttpResult> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: body
            ? { 'content-type': 'application/x-ndjson', 'content-length': body.length, ...headers }
            : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface IngestTally {
  requests: number;
  accepted: number;
  rejected: number;
  /** 503 answers honoured by waiting Retry-After and sending the same body again. */
  retries503: number;
  retryWaitMs: number;
  errors: number;
  firstRejection?: string;
  /** Latency of each successful request, including its 503 retries. */
  latenciesMs: number[];
}

export function newTally(): IngestTally {
  return { requests: 0, accepted: 0, rejected: 0, retries503: 0, retryWaitMs: 0, errors: 0, latenciesMs: [] };
}

const MAX_ATTEMPTS = 200;

/** POSTs one body until it is answered 200; 503 means "wait Retry-After and retry", never drop. */
export async function postEvents(
  client: HttpClient,
  body: Buffer,
  tally: IngestTally,
  path = '/events',
): Promise<void> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    tally.requests++;
    let res: HttpResult;
    try {
      res = await client.request('POST', path, body);
    } catch (err) {
      // A reset keep-alive socket: retry a few times, then give up loudly.
      tally.errors++;
      if (attempt >= 5) throw err;
      await sleep(100);
      continue;
    }
    if (res.status === 200) {
      const parsed = JSON.parse(res.body) as { accepted: number; rejected: Array<{ index: number; error: string }> };
      tally.accepted += parsed.accepted;
      tally.rejected += parsed.rejected.length;
      if (parsed.rejected.length && !tally.firstRejection) tally.firstRejection = JSON.stringify(parsed.rejected[0]);
      tally.latenciesMs.push(performance.now() - started);
      return;
    }
    if (res.status === 503 && attempt < MAX_ATTEMPTS) {
      const retryAfter = Number(res.headers['retry-after'] ?? '1');
      const waitMs = (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1) * 1000;
      tally.retries503++;
      tally.retryWaitMs += waitMs;
      await sleep(waitMs);
      continue;
    }
    throw new Error(`POST ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
  }
}

/** Sends every body once, `concurrency` clients pulling from a shared cursor; returns wall time. */
export async function sendAll(
  client: HttpClient,
  bodies: readonly Buffer[],
  concurrency: number,
  tally: IngestTally,
  onProgress?: (sent: number) => void,
): Promise<number> {
  let next = 0;
  let failed = false;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length && !failed) {
      const i = next++;
      try {
        await postEvents(client, bodies[i], tally);
      } catch (err) {
        failed = true; // stop the other clients too: the bench reports the error, not a half-run
        throw err;
      }
      onProgress?.(i + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - started;
}

/**
 * Closed loop for a fixed time: `concurrency` clients each send, wait for the answer, send again.
 * `body(i)` picks the i-th request's payload (pre-serialized). The warm-up phase is run but not counted.
 */
export async function closedLoop(
  concurrency: number,
  warmupMs: number,
  measureMs: number,
  send: (i: number, record: boolean) => Promise<void>,
): Promise<{ measuredMs: number; completed: number }> {
  let i = 0;
  let completed = 0;
  const measureFrom = performance.now() + warmupMs;
  const end = measureFrom + measureMs;
  let failed = false;
  const worker = async () => {
    while (performance.now() < end && !failed) {
      const record = performance.now() >= measureFrom;
      try {
        await send(i++, record);
      } catch (err) {
        failed = true;
        throw err;
      }
      // Only requests that both started and finished inside the window count toward throughput.
      if (record && performance.now() <= end) completed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { measuredMs: measureMs, completed };
}
