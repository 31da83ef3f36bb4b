// Helpers for fuzzing a running Picket over HTTP: a liveness probe that runs beside the fuzzing,
// and the status-code property every answer must satisfy.
import { expect } from 'vitest';

export interface ProbeReport {
  probes: number;
  /** Slowest GET /status answer seen, in ms. */
  maxMs: number;
  failures: string[];
}

/** Asks GET /status every `everyMs` until stopped; each answer must come within `limitMs`. */
export function startStatusProbe(baseUrl: string, everyMs = 200, limitMs = 1000): { stop(): Promise<ProbeReport> } {
  const report: ProbeReport = { probes: 0, maxMs: 0, failures: [] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${baseUrl}/status`, { signal: AbortSignal.timeout(limitMs * 5) });
        const body = (await res.json()) as { status?: string };
        if (res.status !== 200 || body.status !== 'ok')
          report.failures.push(`GET /status answered ${res.status} ${JSON.stringify(body)}`);
      } catch (err) {
        report.failures.push(`GET /status failed: ${(err as Error).message}`);
      }
      const ms = performance.now() - started;
      report.probes++;
      report.maxMs = Math.max(report.maxMs, ms);
      if (ms >= limitMs) report.failures.push(`GET /status took ${Math.round(ms)} ms`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return report;
    },
  };
}

/** Only 2xx/4xx; a 503 only as declared overload (queue_full with Retry-After). */
export async function expectNoServerError(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the message
  }
  if (res.status === 503) {
    const code = (body as { error?: { code?: string } })?.error?.code;
    expect(code, `${what}: 503 must be declared overload`).toBe('queue_full');
    expect(Number(res.headers.get('retry-after')), `${what}: 503 needs Retry-After`).toBeGreaterThan(0);
    return body;
  }
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    // Errors are the documented JSON shape, never a stack trace.
    expect(body, `${what}: error body`).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
    expect(text, `${what}: no stack trace`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  }
  return body;
}
