import { CaseListPage } from '@/components/cases/list-page';
import { RealtimeProbe } from '@/components/realtime/realtime-probe';
import { sharedServices } from '@/server/services';

export const dynamic = 'force-dynamic';

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ view?: string | string[]; phase?: string | string[]; veris?: string | string[] }>;
}) {
  const sp = await searchParams;
  return (
    <>
      <CaseListPage kind="incident" view={sp.view} phase={sp.phase} veris={sp.veris} />
      {/* Test-only (PICKET_DEV_PROBES): the incidents topic's raw change feed for the realtime browser
          tests. A probe on a real page rather than a /dev route, so no build carries developer pages. */}
      {sharedServices().devProbes ? <RealtimeProbe /> : null}
    </>
  );
}
