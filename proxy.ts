// Next 16 Proxy (formerly middleware): a fresh nonce-based CSP for every page request.
import { NextResponse, type NextRequest } from 'next/server';
import { createNonce, PAGE_SECURITY_HEADERS, pageCsp } from './server/http/security-headers.ts';
import { PATH_HEADER } from './app/path-header.ts';

export function proxy(request: NextRequest): NextResponse {
  const nonce = createNonce();
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === 'development' });

  // Next reads the nonce from the request's CSP header while rendering and puts it on its own
  // inline and bundle scripts; x-nonce is for server components that add a <Script> themselves.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  // app/forbidden.tsx names the permission the refused page needs; it has no other way to know the path.
  requestHeaders.set(PATH_HEADER, request.nextUrl.pathname);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  // The custom server sets these too; repeating them keeps pages covered under plain `next start`.
  for (const [k, v] of Object.entries(PAGE_SECURITY_HEADERS)) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: /api answers are JSON with their own headers; static files and images carry no scripts.
      source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      // Prefetches return RSC payloads, not HTML: the nonce would be wasted work there.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
