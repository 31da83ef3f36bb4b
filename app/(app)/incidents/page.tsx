import { CaseListPage } from '@/components/cases/list-page';

export const dynamic = 'force-dynamic';

export default async function Page({ searchParams }: { searchParams: Promise<{ view?: string | string[]; phase?: string | string[]; veris?: string | string[] }> }) {
  const sp = await searchParams;
  return <CaseListPage kind="incident" view={sp.view} phase={sp.phase} veris={sp.veris} />;
}
