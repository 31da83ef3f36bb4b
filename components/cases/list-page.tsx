import { can } from '@/server/auth/permissions';
import { type CaseKind, PHASES } from '@/server/cases/case-model';
import { requireSession } from '@/app/session';
import { CaseList } from './case-list';

/**
 * Server part of /incidents and /investigations (`?view=board` opens the board, `?phase=…` preselects
 * the phase filter as the dashboard links do, `?veris=…` the VERIS tag as the VERIS statistics link).
 */
export async function CaseListPage({
  kind,
  view,
  phase,
  veris,
}: {
  kind: CaseKind;
  view?: string | string[];
  phase?: string | string[];
  veris?: string | string[];
}) {
  const identity = await requireSession();
  const tag = typeof veris === 'string' ? veris.trim().slice(0, 200) : '';
  return (
    <CaseList
      kind={kind}
      canWrite={can(identity, 'cases:write')}
      initialView={view === 'board' ? 'board' : 'list'}
      initialPhase={PHASES[kind].includes(String(phase)) ? String(phase) : ''}
      initialVeris={kind === 'incident' ? tag : ''}
    />
  );
}
