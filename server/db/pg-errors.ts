// Which database errors mean "Postgres is not there right now" rather than "this request is wrong"
// or "our code is wrong": those are answered 503/507 and logged once per outage, not per request.

export type OutageKind = 'unreachable' | 'disk full';

// Socket-level failures: the server is down, restarting, or the connection was cut.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

// Errors node-postgres raises itself when a connection dies or cannot be made.
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
];

/** The outage an error reveals, or undefined when it is not one (a bug, bad data, a constraint). */
export function outageKind(err: unknown): OutageKind | undefined {
  return outageCause(err)?.kind;
}

/**
 * The outage and the error that shows it: `err` itself, or what it wraps (Drizzle wraps the
 * driver's error in one whose message is the whole SQL statement).
 */
export function outageCause(err: unknown): { kind: OutageKind; error: Error } | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const kind = ownKind(e);
    if (kind) return { kind, error: e };
  }
  return undefined;
}

function ownKind(err: Error): OutageKind | undefined {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    // 53100 disk_full: "could not extend file …: No space left on device".
    if (code === '53100') return 'disk full';
    if (SOCKET_CODES.has(code)) return 'unreachable';
    // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now (recovery);
    // 53: insufficient resources (memory, connections); 58: system error (I/O).
    if (/^(08|57P0[1-3]|53|58)/.test(code)) return 'unreachable';
  }
  return DRIVER_MESSAGES.some((m) => err.message.startsWith(m)) ? 'unreachable' : undefined;
}
