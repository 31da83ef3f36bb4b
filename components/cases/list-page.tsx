import { can } from '@/server/auth/permissions';
import { type CaseKind, PHASES } from '@/server/cases/case-model';
import { requireSession } from '@/app/session';
import { CaseList } from './case-list';

/** Server part of /incidents and /investigations (`?view=board` opens the board, `?phase=…` preselects the phase filter as the dashboard links do). */
export async function CaseListPage({ kind, view, phase }: { kind: CaseKind; view?: string | string[]; phase?: string | string[] }) {
  const identity = await requireSession();
  return <CaseList kind={kind} canWrite={can(identity, 'cases:write')} initialView={view === 'board' ? 'board' : 'list'} initialPhase={PHASES[kind].includes(String(phase)) ? String(phase) : ''} />;
}
