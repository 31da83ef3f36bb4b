import { ApiReference } from '@/components/api-reference/api-reference';
import { requireSession } from '../../session';

export const dynamic = 'force-dynamic';

/** The HTTP API reference, rendered from GET /api/v1/openapi.json (the document the server generates). */
export default async function ApiReferencePage() {
  await requireSession();
  return <ApiReference />;
}
