import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// Every page renders per request: Next can only put proxy.ts's CSP nonce on its scripts while
// rendering, so a prerendered page (404 included) would have its inline scripts blocked.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Picket',
  description: 'Security incident handling: ingest, search, alert, respond together.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
