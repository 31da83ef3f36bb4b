import { sharedServices } from '@/server/services';
import { SignOutButtons } from '../components/sign-out-buttons';
import { requireSession } from '../session';

export const dynamic = 'force-dynamic';

const PRE = 'overflow-x-auto rounded-lg border border-border bg-panel px-4 py-3 text-[0.85rem]';

// The dashboard tells an operator the instance is up and how to feed it; widgets come with later issues.
export default async function Home() {
  const identity = await requireSession();
  const { version } = sharedServices();
  return (
    <div className="max-w-3xl">
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3 text-sm text-muted">
        <span>
          Signed in as <strong className="text-fg">{identity.name}</strong> ({identity.role})
        </span>
        <SignOutButtons />
      </div>
      <h1 className="mb-1 text-3xl font-bold tracking-tight">
        <span className="text-accent">Picket</span> is running
      </h1>
      <p className="mb-3 text-muted">
        Version {version}. Send MozDef-style JSON events to <code>/events</code> and search them through <code>/api/v1/events</code>.
      </p>
      <h2 className="mt-8 mb-2 font-semibold">Send an event</h2>
      <pre className={PRE}>
        <code>{`curl -XPOST http://localhost:3000/events -d '{
  "summary": "Failed password for invalid user bob from 203.0.113.9 port 4242 ssh2",
  "hostname": "web1", "category": "authentication"}'`}</code>
      </pre>
      <h2 className="mt-8 mb-2 font-semibold">Search events</h2>
      <pre className={PRE}>
        <code>{`TOKEN=$(npx picket token create --role viewer --name me)
curl -H "Authorization: Bearer $TOKEN" \\
  'http://localhost:3000/api/v1/events?q=details.username:bob&from=now-1h'`}</code>
      </pre>
      <h2 className="mt-8 mb-2 font-semibold">Health</h2>
      <p className="text-muted">
        Store, queue and version: <a href="/api/health">/api/health</a>
      </p>
    </div>
  );
}
