import { CaseRoomPage } from '@/components/cases/room-page';

export const dynamic = 'force-dynamic';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <CaseRoomPage kind="investigation" id={(await params).id} />;
}
