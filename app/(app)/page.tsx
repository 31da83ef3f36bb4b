import { Dashboard } from '@/components/dashboard/dashboard';
import { SignOutButtons } from '../components/sign-out-buttons';
import { requireSession } from '../session';

export const dynamic = 'force-dynamic';

// The panels are a live client view of dashboard.summary; the signed-in line stays for quick sign-out.
export default async function Home() {
  const identity = await requireSession();
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3 text-sm text-muted">
        <span>
          Signed in as <strong className="text-fg">{identity.name}</strong> ({identity.role})
        </span>
        <SignOutButtons />
      </div>
      <Dashboard />
    </div>
  );
}
