import { notFound } from 'next/navigation';
import { RealtimeProbe } from '@/components/realtime/realtime-probe';
import { sharedServices } from '@/server/services';

export const dynamic = 'force-dynamic';

// Test-only (PICKET_DEV_PROBES): lets browser tests watch one topic's change feed. Not in the nav.
export default function RealtimeProbePage() {
  if (!sharedServices().devProbes) notFound();
  return <RealtimeProbe />;
}
