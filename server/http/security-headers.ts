// Security headers in one place: the custom server's JSON answers (ingest, health, REST) and the
// pages' per-request CSP built by proxy.ts. Pure functions, no Node imports: proxy.ts bundles this.

/** Every JSON/API answer: nothing in it may run, be framed, sniffed, cached or leak a referrer. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
});

/** Page headers besides the CSP; also sent on static assets Next serves (no CSP needed there). */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/** A fresh, unguessable nonce per page request (128 random bits, base64). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The pages' CSP. Scripts need the request's nonce ('strict-dynamic' lets Next's nonced loader
 * pull its chunks); no 'unsafe-inline' for scripts. Styles do allow 'unsafe-inline': React `style`
 * props and Next's injected style tags cannot all carry a nonce. Dev mode needs 'unsafe-eval'
 * (React rebuilds server error stacks with eval); production never gets it.
 */
export function pageCsp(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // ws:/wss: for /api/ws; 'self' alone does not cover websocket schemes in every browser.
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * HSTS only on HTTPS: Picket often sits behind a TLS-terminating proxy, so x-forwarded-proto counts.
 * Trusting that header is safe here: browsers ignore HSTS received over plain HTTP, so a forged
 * value cannot pin anyone to HTTPS, and sending it on a real http:// origin would be pointless.
 */
export function isHttpsRequest(encrypted: boolean, forwardedProto: string | string[] | null | undefined): boolean {
  if (encrypted) return true;
  const first = (Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto)
    ?.split(',')[0]
    ?.trim()
    .toLowerCase();
  return first === 'https';
}

/** Adds the API headers a Response does not set itself (handlers may return their own Response, e.g. CSV). */
export function withApiHeaders(response: Response): Response {
  const missing = Object.entries(API_SECURITY_HEADERS).filter(([k]) => !response.headers.has(k));
  if (missing.length === 0) return response;
  try {
    for (const [k, v] of missing) response.headers.set(k, v);
    return response;
  } catch {
    // Immutable headers (Response.redirect, fetched responses): copy into a new Response.
    const headers = new Headers(response.headers);
    for (const [k, v] of missing) headers.set(k, v);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
