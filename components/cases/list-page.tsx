import { can } from '@/server/auth/permissions';
import type { CaseKind } from '@/server/cases/case-model';
import { requireSession } from '@/app/session';
import { CaseList } from './case-list';

/** Server part of /incidents and /investigations (`?view=board` opens the board). */
export async function CaseListPage({ kind, view }: { kind: CaseKind; view?: string | string[] }) {
  const identity = await requireSession();
  return <CaseList kind={kind} canWrite={can(identity, 'cases:write')} initialView={view === 'board' ? 'board' : 'list'} />;
}
