import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireSession } from '../session';

export const dynamic = 'force-dynamic';

// Every page in this group is signed-in only and lives inside the shell.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const identity = await requireSession();
  return <AppShell identity={identity}>{children}</AppShell>;
}
