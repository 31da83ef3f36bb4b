import { ShieldX } from 'lucide-react';
import { headers } from 'next/headers';
import Link from 'next/link';
import { sharedServices } from '@/server/services';
import { pageAccess, PATH_HEADER, rolesWith } from './page-access';

// Rendered with HTTP 403 when a page calls forbidden() (app/session.ts requirePermission).
export default async function Forbidden() {
  const h = await headers();
  const path = h.get(PATH_HEADER);
  const access = pageAccess(path);
  const identity = await sharedServices().sessionIdentity(h.get('cookie'));
  const roles = access ? rolesWith(access.action) : [];
  return (
    // Rendered inside the nearest layout (the app shell for signed-in pages), so no <main> of its own.
    <div className="flex justify-center py-12">
      <section
        aria-labelledby="forbidden-heading"
        className="w-full max-w-lg rounded-xl border border-border bg-panel p-8 shadow-sm"
      >
        <div className="mb-4 flex items-center gap-3">
          <span className="flex size-11 items-center justify-center rounded-full border border-danger/40 text-danger">
            <ShieldX size={22} aria-hidden />
          </span>
          <div>
            <p className="text-xs font-semibold tracking-wider text-muted uppercase">Error 403</p>
            <h1 id="forbidden-heading" className="text-xl font-semibold">
              Forbidden
            </h1>
          </div>
        </div>
        <p className="text-sm">
          {access ? (
            <>
              Only the <strong>{roles.join(' and ')}</strong> role{roles.length > 1 ? 's' : ''} may open {access.what}
              {path && (
                <>
                  {' '}
                  at <code className="rounded bg-panel-2 px-1 py-0.5 text-xs">{path}</code>
                </>
              )}
              ; it needs the <code className="rounded bg-panel-2 px-1 py-0.5 text-xs">{access.action}</code> permission.
            </>
          ) : (
            'Your role may not open this page.'
          )}
        </p>
        {identity && (
          <p className="mt-2 text-sm text-muted">
            You are signed in as <strong className="text-fg">{identity.name}</strong> with the{' '}
            <strong className="text-fg">{identity.role}</strong> role. Ask an admin if you need access.
          </p>
        )}
        <div className="mt-6 flex gap-2">
          <Link
            href="/"
            className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg no-underline hover:brightness-110"
          >
            Back to the dashboard
          </Link>
        </div>
      </section>
    </div>
  );
}
