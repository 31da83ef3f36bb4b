import { notFound } from 'next/navigation';
import { can } from '@/server/auth/permissions';
import type { CaseKind } from '@/server/cases/case-model';
import { sharedServices } from '@/server/services';
import { requireSession } from '@/app/session';
import { CaseRoom } from './case-room';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Server part of /incidents/{id} and /investigations/{id}: who may write is decided from the one permission table. */
export async function CaseRoomPage({ kind, id }: { kind: CaseKind; id: string }) {
  if (!UUID.test(id)) notFound();
  const identity = await requireSession();
  return (
    <CaseRoom
      id={id}
      kind={kind}
      canWrite={can(identity, 'cases:write')}
      self={{ kind: identity.kind, id: identity.id }}
      maxEvidenceBytes={sharedServices().evidenceMaxBytes ?? 1024 * 1024}
    />
  );
}
