import { CaseListPage } from '@/components/cases/list-page';

export const dynamic = 'force-dynamic';

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ view?: string | string[]; phase?: string | string[] }>;
}) {
  const sp = await searchParams;
  return <CaseListPage kind="investigation" view={sp.view} phase={sp.phase} />;
}
