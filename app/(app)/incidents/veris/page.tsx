import { requireSession } from '@/app/session';
import { VerisStatsView } from '@/components/cases/veris-stats-view';

export const dynamic = 'force-dynamic';

/** MozDef's incidents-veris page: incidents per VERIS tag (the JSON of the same data is GET /veris). */
export default async function Page() {
  await requireSession();
  return <VerisStatsView />;
}
