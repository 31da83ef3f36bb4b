import { CaseListPage } from '@/components/cases/list-page';

export const dynamic = 'force-dynamic';

export default async function Page({ searchParams }: { searchParams: Promise<{ view?: string | string[] }> }) {
  return <CaseListPage kind="incident" view={(await searchParams).view} />;
}
