import { sharedServices } from '@/server/services';
import { SignOutButtons } from './components/sign-out-buttons';
import { requireSession } from './session';

export const dynamic = 'force-dynamic';

// The full app shell (sign-in, navigation, explorer) comes with the app-frame issue; until then
// the home page tells an operator the instance is up and how to feed it.
export default async function Home() {
  const identity = await requireSession();
  const { version } = sharedServices();
  return (
    <main>
      <header className="topbar">
        <span>
          Signed in as <strong>{identity.name}</strong> ({identity.role})
        </span>
        <SignOutButtons />
      </header>
      <h1>
        <span className="accent">Picket</span> is running
      </h1>
      <p>
        Version {version}. Send MozDef-style JSON events to <code>/events</code> and search them through <code>/api/v1/events</code>.
      </p>
      <h2>Send an event</h2>
      <pre>
        <code>{`curl -XPOST http://localhost:3000/events -d '{
  "summary": "Failed password for invalid user bob from 203.0.113.9 port 4242 ssh2",
  "hostname": "web1", "category": "authentication"}'`}</code>
      </pre>
      <h2>Search events</h2>
      <pre>
        <code>{`TOKEN=$(npx picket token create --role viewer --name me)
curl -H "Authorization: Bearer $TOKEN" \\
  'http://localhost:3000/api/v1/events?q=details.username:bob&from=now-1h'`}</code>
      </pre>
      <h2>Health</h2>
      <p>
        Store, queue and version: <a href="/api/health">/api/health</a>
      </p>
    </main>
  );
}
