// A local HTTP receiver for notification tests: records every POST and answers 500 to the first
// `failFirst[path]` requests of a path (Infinity: always), 200 after.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  answered: number;
}

export interface Receiver {
  url: string;
  got: Received[];
  /** Failures per path, changeable while running (e.g. a receiver that comes back up). */
  failFirst: Record<string, number>;
  close(): Promise<void>;
}

export async function startReceiver(failFirst: Record<string, number> = {}): Promise<Receiver> {
  const got: Received[] = [];
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const n = (seen.get(req.url!) ?? 0) + 1;
      seen.set(req.url!, n);
      const answered = n <= (failFirst[req.url!] ?? 0) ? 500 : 200;
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { unparsed: text };
      }
      got.push({ path: req.url!, body, headers: req.headers, answered });
      res.writeHead(answered).end(answered === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    got,
    failFirst,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
