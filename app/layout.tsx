import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';

// Every page renders per request: Next can only put proxy.ts's CSP nonce on its scripts while
// rendering, so a prerendered page (404 included) would have its inline scripts blocked.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Picket',
  description: 'Security incident handling: ingest, search, alert, respond together.',
};

const THEMES = new Set(['dark', 'light', 'system']);

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme class comes from a cookie the theme switch writes, so the first paint is right
  // without an inline script (the CSP would need a nonce for one).
  const cookie = (await cookies()).get('picket-theme')?.value;
  const theme = cookie && THEMES.has(cookie) ? cookie : 'system';
  return (
    // The class changes client-side when the user switches theme; React must not fight that.
    <html lang="en" className={theme} suppressHydrationWarning>
      <body>{children}</body>
    </html>
  );
}
