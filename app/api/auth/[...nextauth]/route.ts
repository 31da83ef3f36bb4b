import NextAuth from 'next-auth';
import { sharedServices } from '@/server/services';

export const dynamic = 'force-dynamic';

// Options live with the services (users, secret); this handler only hands next-auth the request.
type Ctx = { params: Promise<{ nextauth: string[] }> };
const handler = (req: Request, ctx: Ctx): Promise<Response> =>
  NextAuth(req as never, ctx as never, sharedServices().authOptions) as Promise<Response>;

export { handler as GET, handler as POST };
